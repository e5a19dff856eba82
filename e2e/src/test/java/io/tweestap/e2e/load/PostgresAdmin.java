package io.tweestap.e2e.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's PostgreSQL as its administrator reaches it with the client programs (psql,
 * createdb, dropdb, pgbench): {@code -Dtweestap.load.pg-host} (127.0.0.1), {@code .pg-port}
 * (5432), {@code .pg-user} (postgres); the password, if any, from the usual {@code PGPASSWORD} or
 * {@code ~/.pgpass}.
 */
public record PostgresAdmin(String host, int port, String user) {

    public static PostgresAdmin fromSystemProperties() {
        return new PostgresAdmin(System.getProperty("tweestap.load.pg-host", "127.0.0.1"),
                Integer.getInteger("tweestap.load.pg-port", 5432), System.getProperty("tweestap.load.pg-user", "postgres"));
    }

    /** Rows of a query, one a line, cells separated by {@code |}. */
    public String query(String database, String sql) {
        return LocalCommand.run(command("psql", "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql), 60);
    }

    public void runFile(String database, String file) {
        LocalCommand.run(command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", file), 120);
    }

    public void createDatabase(String name) {
        LocalCommand.run(command("createdb", name), 60);
    }

    /** A database owned by {@code owner}, a role that exists. */
    public void createDatabase(String name, String owner) {
        LocalCommand.run(command("createdb", "-O", owner, name), 60);
    }

    public void dropDatabase(String name) {
        LocalCommand.run(command("dropdb", "--if-exists", name), 60);
    }

    /** {@code program} with the arguments that reach this server, then {@code args}. */
    List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>(List.of(program, "-h", host, "-p", Integer.toString(port), "-U", user));
        command.addAll(List.of(args));
        return command;
    }
}
