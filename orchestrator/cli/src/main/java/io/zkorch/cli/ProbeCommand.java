package io.zkorch.cli;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The app side of the default app service: proves that an app container reaches the ensemble through ZK_HOSTS by
 * registering an ephemeral znode under /zkorch/apps and reporting what it sees until stopped.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "App-side: connect through ZK_HOSTS, register /zkorch/apps/<service>-<host>, report periodically.")
final class ProbeCommand implements Callable<Integer> {

  /** Where probes register; `zkorch up` counts these to know its apps are connected. */
  static final String APPS = "/zkorch/apps";

  @Option(names = "--connect", paramLabel = "HOSTS", description = "Connect string (default: $ZK_HOSTS).")
  String connect;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Report interval (default: $PROBE_INTERVAL or 5s).")
  Duration interval;

  @Option(names = "--once", description = "Register, report once and exit.")
  boolean once;

  @Override
  public Integer call() throws Exception {
    String hosts = AppSide.hosts(connect, "probe");
    Duration every = interval != null ? interval
        : DurationConverter.parse(System.getenv().getOrDefault("PROBE_INTERVAL", "5s"));
    String service = System.getenv().getOrDefault("ZKORCH_SERVICE", "probe");
    String self = service + "-" + InetAddress.getLocalHost().getHostName();
    try (CuratorFramework client = AppSide.client(hosts)) {
      client.getConnectionStateListenable().addListener((c, state) ->
          System.out.println(Instant.now() + " probe: connection " + state));
      AppSide.start(client, hosts, "probe");
      String path = APPS + "/" + self;
      client.create().orSetData().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
          .forPath(path, hosts.getBytes(StandardCharsets.UTF_8));
      System.out.println(Instant.now() + " probe: connected to " + hosts + ", session 0x"
          + Long.toHexString(client.getZookeeperClient().getZooKeeper().getSessionId()) + ", registered " + path);
      do {
        Stat stat = client.checkExists().forPath(APPS);
        int apps = stat == null ? 0 : stat.getNumChildren();
        System.out.println(Instant.now() + " probe: ok, " + apps + " apps registered, last zxid 0x"
            + Long.toHexString(stat == null ? 0 : stat.getPzxid()));
        if (once) {
          break;
        }
        Thread.sleep(every.toMillis());
      } while (!Thread.currentThread().isInterrupted());
    }
    return 0;
  }
}
