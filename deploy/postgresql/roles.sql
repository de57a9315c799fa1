-- The database and its two roles (run once as the postgres superuser):
--   psql -v owner_password="'...'" -v app_password="'...'" -f deploy/postgresql/roles.sql
-- portal_owner owns the tables and runs `flask db upgrade` and `flask backup` (which
-- reads every site's rows and verifies into a scratch database: BYPASSRLS, CREATEDB);
-- it is never what the web nodes use. portal_app is what the web
-- nodes and the worker log in as: no superuser, no BYPASSRLS, so row-level security
-- holds for every statement it runs (`flask db upgrade` refuses an app role that could
-- bypass it, and grants it what it needs).
CREATE ROLE portal_owner LOGIN PASSWORD :owner_password BYPASSRLS CREATEDB;
CREATE ROLE portal_app LOGIN PASSWORD :app_password
    NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE DATABASE portal OWNER portal_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE portal FROM PUBLIC;
GRANT CONNECT ON DATABASE portal TO portal_app;
