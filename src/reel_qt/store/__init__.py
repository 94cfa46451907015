"""SQLite storage: tables, engine and migrations, repositories, search, data service."""
