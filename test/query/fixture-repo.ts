/**
 * A small application used by the query tests: a database layer with migrations, an HTTP client, a CLI and some
 * utilities. The planted target is `app.db.migrations.applyMigrations`; several other symbols share its words
 * (`pending`, `schema`, `apply`, `run`, `database`, `migration`) so that ranking has to weigh evidence.
 */
import type { FileSpec } from './fixture-index.js';

/** The planted target of the ctx and emb tests. */
export const TARGET = 'app.db.migrations.applyMigrations';

/** Files of the fixture application. */
export const APP_FILES: readonly FileSpec[] = [
  {
    path: 'app/db/migrations.py',
    module: 'app.db.migrations',
    symbols: [
      ['app.db.migrations', 'module', 1, 80, 'Versioned changes to the database layout.'],
      ['app.db.migrations.MigrationError', 'class', 5, 8, 'Raised when a migration script fails.'],
      [
        'app.db.migrations.applyMigrations',
        'function',
        10,
        30,
        'Apply pending schema migrations to the database.\n\nEach script runs in its own transaction and is recorded in the history table.',
      ],
      [
        'app.db.migrations.pendingMigrations',
        'function',
        32,
        45,
        'List migration scripts not yet recorded in the history table.',
      ],
      ['app.db.migrations.recordMigration', 'function', 47, 55, 'Write one entry to the migration history table.'],
      ['app.db.migrations.rollbackMigration', 'function', 57, 80, 'Revert the most recent migration.'],
    ],
    calls: [
      ['app.db.migrations.applyMigrations', 'app.db.migrations.pendingMigrations', 12],
      ['app.db.migrations.applyMigrations', 'app.db.connection.Connection.execute', 20],
      ['app.db.migrations.applyMigrations', 'app.db.migrations.recordMigration', 22],
      ['app.db.migrations.rollbackMigration', 'app.db.connection.Connection.execute', 60],
    ],
  },
  {
    path: 'app/db/connection.py',
    module: 'app.db.connection',
    symbols: [
      ['app.db.connection', 'module', 1, 60, 'Database connections.'],
      ['app.db.connection.connect', 'function', 4, 12, 'Open a connection to the database at the given URL.'],
      ['app.db.connection.Connection', 'class', 14, 60, 'A live database connection.'],
      ['app.db.connection.Connection.execute', 'method', 20, 30, 'Execute one SQL statement and return the cursor.'],
      ['app.db.connection.Connection.transaction', 'method', 32, 45, 'Run the enclosed block in a transaction.'],
      ['app.db.connection.Connection.close', 'method', 47, 60, 'Close the connection.'],
    ],
  },
  {
    path: 'app/db/schema.py',
    module: 'app.db.schema',
    symbols: [
      ['app.db.schema', 'module', 1, 40, 'Schema description objects.'],
      ['app.db.schema.Schema', 'class', 3, 20, 'In-memory description of the database schema: tables and columns.'],
      ['app.db.schema.createTable', 'function', 22, 30, 'Create a table from its schema description.'],
      ['app.db.schema.dropTable', 'function', 32, 40, 'Drop a table if it exists.'],
    ],
  },
  {
    path: 'app/cli/main.py',
    module: 'app.cli.main',
    symbols: [
      ['app.cli.main', 'module', 1, 50, 'Command-line entry point.'],
      ['app.cli.main.main', 'function', 3, 20, 'Parse arguments and dispatch to a command.'],
      ['app.cli.main.runCommand', 'function', 22, 35, 'Run one command by name.'],
      ['app.cli.main.migrateCommand', 'function', 37, 50, 'The `migrate` command.'],
    ],
    calls: [
      ['app.cli.main.main', 'app.cli.main.runCommand', 10],
      ['app.cli.main.migrateCommand', 'app.db.migrations.applyMigrations', 40],
    ],
  },
  {
    path: 'app/http/client.py',
    module: 'app.http.client',
    symbols: [
      ['app.http.client', 'module', 1, 90, 'A small HTTP client.'],
      ['app.http.client.Session', 'class', 3, 60, 'Persist cookies and settings across requests.'],
      ['app.http.client.Session.request', 'method', 10, 40, 'Send a request and return the response.'],
      ['app.http.client.retryRequest', 'function', 62, 80, 'Retry a failed request with exponential backoff.'],
      ['app.http.client.applyPatch', 'function', 82, 90, 'Apply a JSON patch document to a resource.'],
    ],
  },
  {
    path: 'app/jobs/queue.py',
    module: 'app.jobs.queue',
    symbols: [
      ['app.jobs.queue', 'module', 1, 40, 'Background job queue.'],
      ['app.jobs.queue.pendingJobs', 'function', 3, 15, 'Jobs waiting in the queue, oldest first.'],
      ['app.jobs.queue.runPendingJobs', 'function', 17, 40, 'Run every pending job once.'],
    ],
  },
  {
    path: 'app/util/text.py',
    module: 'app.util.text',
    symbols: [
      ['app.util.text', 'module', 1, 30, null],
      ['app.util.text.slugify', 'function', 3, 10, 'Turn a title into a URL slug.'],
      ['app.util.text.parseDate', 'function', 12, 20, 'Parse an ISO date.'],
      ['app.util.text.formatDate', 'function', 22, 30, 'Format a date for display.'],
    ],
  },
];
