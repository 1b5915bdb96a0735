import { createOrmConfig } from './config.js';

export default await createOrmConfig();
