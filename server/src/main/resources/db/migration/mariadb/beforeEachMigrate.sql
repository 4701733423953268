-- Runs before each migration on MariaDB/MySQL only (a Flyway callback in the vendor folder).
-- Tables created from here on store and compare text as on H2 and PostgreSQL: utf8mb4, so any
-- Unicode file name fits (emoji included, which 3-byte "utf8" rejects), and a binary collation,
-- so "a.txt" and "A.txt" are two files under the unique (owner_id, name) key and no comparison
-- ignores case or accents. Without it the server's defaults apply (latin1, or a case-insensitive
-- utf8mb4 collation). Before *each* migration, on the connection that runs it, because a
-- connection keeps the database defaults it saw when it opened. Idempotent and cheap; the account
-- needs the ALTER privilege on its own database (docs/OPERATIONS.md, "Databases").
ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
