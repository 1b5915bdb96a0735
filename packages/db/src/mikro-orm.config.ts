import { createOrmConfig } from './config.js';

export default createOrmConfig();
