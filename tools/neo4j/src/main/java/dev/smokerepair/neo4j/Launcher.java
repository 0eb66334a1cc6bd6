package dev.smokerepair.neo4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community database with the Bolt connector on 127.0.0.1 and
 * authentication enabled, prints READY once Bolt accepts connections, and runs until killed.
 *
 * <p>Configuration (environment): SMOKE_REPAIR_NEO4J_PORT (default 7687),
 * SMOKE_REPAIR_NEO4J_PASSWORD (password of user neo4j, default smoke-repair-dev),
 * SMOKE_REPAIR_NEO4J_HOME (data directory, default ./.run/PORT).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("SMOKE_REPAIR_NEO4J_PORT", "7687"));
    String password = env.getOrDefault("SMOKE_REPAIR_NEO4J_PASSWORD", "smoke-repair-dev");
    Path home = Path.of(env.getOrDefault("SMOKE_REPAIR_NEO4J_HOME", ".run/" + port)).toAbsolutePath();
    Files.createDirectories(home);

    long started = System.nanoTime();
    DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        // Small footprint: the tests share a 2-core machine with other suites.
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
        .setConfig(GraphDatabaseSettings.tx_state_max_off_heap_memory, ByteUnit.mebiBytes(64))
        .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
        // Stop within a few seconds (the default graceful waits add ~10 s to every restart).
        .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
        .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
        .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
        .build();
    Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "neo4j-shutdown"));

    try {
      setPassword(service, password);
      service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    } catch (RuntimeException e) {
      // Without this the database's non-daemon threads would keep a half-started JVM alive.
      e.printStackTrace();
      System.exit(1);
    }

    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println("READY bolt://127.0.0.1:" + port + " home=" + home + " startup_ms=" + ms);
    System.out.flush();
    Thread.currentThread().join();
  }

  /**
   * Embedded transactions run with full access, so the system database accepts this even though
   * Bolt clients must authenticate. Idempotent: a restart with the same password is fine.
   */
  private static void setPassword(DatabaseManagementService service, String password) {
    try {
      service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
          "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
    } catch (QueryExecutionException e) {
      if (!String.valueOf(e.getMessage()).contains("cannot be the same")) throw e;
    }
  }
}
