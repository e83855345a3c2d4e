// Runs SQL statements in DuckDB, for the Parquet tests of cmd/exodus
// (duckdb_test.go): reads a JSON array of statements on stdin, runs them
// in order on one in-memory database, and writes a JSON array with, for
// each, its column names, column types and rows (JSON values: BIGINT as
// strings, DATE as YYYY-MM-DD, TIMESTAMP WITH TIME ZONE as text). Install
// DuckDB first with `npm ci --prefix .ci/duckdb`.
import { DuckDBInstance } from '@duckdb/node-api';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const statements = JSON.parse(input);
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const out = [];
for (const sql of statements) {
  try {
    const r = await con.runAndReadAll(sql);
    out.push({
      columns: r.columnNames(),
      types: r.columnTypes().map((t) => t.toString()),
      rows: r.getRowsJson(),
    });
  } catch (e) {
    process.stderr.write(`${e.message}\nin: ${sql}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(out));
