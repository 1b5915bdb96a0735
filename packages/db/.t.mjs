import Database from 'better-sqlite3';
const db = new Database(process.argv[2]);
for (const s of process.argv.slice(3)) console.log(s, db.prepare(s).run().changes);
