package io.zkorch.spec;

import io.zkorch.ZkorchException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Strict decoding of cluster.yaml: every unknown key, wrong type and duplicate key is a problem, all collected in one
 * pass with its YAML path and position. Values the user left out stay null for {@link Defaults}.
 */
public final class SpecLoader {

  /**
   * A decoded (not yet defaulted or validated) spec, where each of its paths was written, and the decoding problems
   * (a field that failed to decode is left out, so that validation can still report everything else).
   */
  public record Loaded(ClusterSpec spec, SourceMap sourceMap, List<SpecProblem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }
  }

  private final String source;
  private final List<SpecProblem> problems = new ArrayList<>();
  private final SourceMap sourceMap = new SourceMap();

  private SpecLoader(String source) {
    this.source = source;
  }

  /** Where {@code data:} files are found: the cluster file's folder (the working folder for text with no file). */
  private Path baseDir() {
    try {
      Path parent = Path.of(source).toAbsolutePath().getParent();
      return parent == null ? Path.of("").toAbsolutePath() : parent;
    } catch (java.nio.file.InvalidPathException e) {
      return Path.of("").toAbsolutePath();
    }
  }

  /**
   * The {@code data:} tree of a file: a cluster file, or a tree {@code zkorch data export} wrote. Exit 2 (an {@link
   * InvalidSpecException}) naming every problem with its line and column.
   */
  public static DataSpec readData(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw ZkorchException.usage("The data file " + file + " does not exist; write one with `zkorch data export`.");
    } catch (IOException e) {
      throw ZkorchException.usage("The data file " + file + " cannot be read (" + e.getMessage() + ").");
    }
    SpecLoader loader = new SpecLoader(file.toString());
    DataSpec data = loader.decodeDataDocument(text);
    if (data == null || !loader.problems.isEmpty()) {
      throw new InvalidSpecException(file.toString(), loader.problems);
    }
    return data;
  }

  private DataSpec decodeDataDocument(String yaml) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (YAMLException e) {
      problems.add(new SpecProblem("(document)", 0, 0, "is not valid YAML: " + e.getMessage()));
      return null;
    }
    if (root == null) {
      problems.add(new SpecProblem("(document)", 0, 0, "is empty; it needs a data: mapping of paths to values"));
      return null;
    }
    Fields top = fields(root, "");
    if (top == null) {
      return null;
    }
    Fields data = top.mapping("data");
    // a whole cluster file may be given: its other sections are not this command's business
    for (String key : List.of("apiVersion", "kind", "name", "zookeeper", "images", "apps", "scenarios")) {
      top.take(key);
    }
    top.rejectUnknown();
    if (data == null) {
      if (problems.isEmpty()) {
        problems.add(new SpecProblem("data", 0, 0, "is missing; the file needs a data: mapping of paths to values"));
      }
      return null;
    }
    return decodeData(data);
  }

  /**
   * {@code data:}: a mapping of absolute znode paths to a value, given as a string (UTF-8 text), or as a mapping with
   * exactly one of {@code value} (text), {@code file} (a file's bytes, relative to the cluster file) or {@code
   * base64} (binary).
   */
  private DataSpec decodeData(Fields data) {
    if (data.schema != null) {
      data.schema.clear();
      data.schema.putAll(SchemaText.dataSchema());
      return DataSpec.EMPTY;
    }
    List<DataSpec.Znode> znodes = new ArrayList<>();
    for (String key : new ArrayList<>(data.values.keySet())) {
      String path = join(data.path, key);
      Node node = data.take(key);
      byte[] bytes = null;
      if (node == null) {
        bytes = new byte[0];
      } else if (node instanceof ScalarNode scalar) {
        bytes = scalar.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      } else if (node instanceof MappingNode) {
        Fields m = fields(node, path);
        String value = m.string("value");
        String file = m.string("file");
        String base64 = m.string("base64");
        String ephemeral = m.string("ephemeral");
        if ("true".equalsIgnoreCase(ephemeral)) {
          problem(m.values.get("ephemeral"), path + ".ephemeral", "cannot be true: an ephemeral znode ends with the"
              + " session that made it, and seeding's session ends at once; let the app create it");
        }
        m.rejectUnknown();
        int given = (value == null ? 0 : 1) + (file == null ? 0 : 1) + (base64 == null ? 0 : 1);
        if (given != 1) {
          problem(node, path, "needs exactly one of value, file or base64" + (given == 0 ? "" : ", not " + given));
        } else if (value != null) {
          bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else if (base64 != null) {
          try {
            bytes = java.util.Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
          } catch (IllegalArgumentException e) {
            problem(m.values.get("base64"), path + ".base64", "is not base64 (" + e.getMessage() + ")");
          }
        } else {
          Path f = baseDir().resolve(file);
          try {
            if (Files.size(f) > DataSpec.MAX_BYTES) {
              problem(m.values.get("file"), path + ".file", "is " + Files.size(f) + " bytes, over ZooKeeper's limit"
                  + " of " + DataSpec.MAX_BYTES + " (jute.maxbuffer); keep values under 1 MB");
            } else {
              bytes = Files.readAllBytes(f);
            }
          } catch (IOException e) {
            problem(m.values.get("file"), path + ".file", "names " + f + ", which does not exist or cannot be read;"
                + " paths are relative to the cluster file's folder");
          }
        }
      } else {
        problem(node, path, "must be a string, or a mapping with value, file or base64, not a list");
      }
      String why = znodePathProblem(key);
      if (why != null) {
        problem(data.keyNodes.get(key), path, why);
        continue;
      }
      if (bytes != null && bytes.length > DataSpec.MAX_BYTES) {
        problem(node, path, "is " + bytes.length + " bytes, over ZooKeeper's limit of " + DataSpec.MAX_BYTES
            + " (jute.maxbuffer); keep values under 1 MB");
        continue;
      }
      if (bytes != null) {
        znodes.add(new DataSpec.Znode(key, bytes));
      }
    }
    return new DataSpec(znodes);
  }

  /** Why {@code path} cannot be seeded or exported (ZooKeeper's own path rules, /zookeeper), or null. */
  public static String znodePathProblemOf(String path) {
    return znodePathProblem(path);
  }

  /** Why {@code path} cannot be seeded (ZooKeeper's own path rules, the root, /zookeeper), or null. */
  static String znodePathProblem(String path) {
    try {
      org.apache.zookeeper.common.PathUtils.validatePath(path);
    } catch (IllegalArgumentException e) {
      return "is not a znode path: " + e.getMessage().replace("Path must", "it must")
          + " (such as /app/config)";
    }
    if (path.equals("/")) {
      return "is the root znode; seed paths below it, such as /app/config";
    }
    if (path.equals("/zookeeper") || path.startsWith("/zookeeper/")) {
      return "is under /zookeeper, which is ZooKeeper's own; choose another path";
    }
    return null;
  }

  /** Load, default and validate a cluster file; throws {@link InvalidSpecException} listing every problem. */
  public static ClusterSpec load(Path file) {
    return validated(read(file), file.toString());
  }

  /** Load a cluster file with the cluster name replaced (validated like a name written in the file). */
  public static ClusterSpec load(Path file, String name) {
    return check(file, name).spec();
  }

  /**
   * A valid spec and what is allowed but unwise in it (a password written in the file), each naming the fix.
   *
   * @param spec the loaded, defaulted and validated spec
   * @param warnings the warnings, with line and column
   */
  public record Checked(ClusterSpec spec, List<SpecProblem> warnings) {}

  /** Loads a cluster file once for both: the spec (name replaced when {@code name} is not null) and its warnings. */
  public static Checked check(Path file, String name) {
    Loaded loaded = read(file);
    if (name != null) {
      loaded = new Loaded(loaded.spec().withName(name), loaded.sourceMap(), loaded.problems());
    }
    return new Checked(validated(loaded, file.toString()),
        SpecValidator.warnings(loaded.spec(), loaded.sourceMap()));
  }

  /** What is allowed but unwise in a valid file (a password written in it); each names the fix. */
  public static List<SpecProblem> warnings(Path file) {
    return check(file, null).warnings();
  }

  /** Load, default and validate cluster YAML given as text. */
  public static ClusterSpec parse(String yaml, String source) {
    return validated(decode(yaml, source), source);
  }

  private static ClusterSpec validated(Loaded loaded, String source) {
    ClusterSpec spec = Defaults.apply(loaded.spec());
    List<SpecProblem> problems = new ArrayList<>(loaded.problems());
    problems.addAll(SpecValidator.validate(spec, loaded.sourceMap()));
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(source, problems);
    }
    return spec;
  }

  /**
   * The JSON Schema (draft-07) of cluster.yaml, written by running the decoder itself in a recording mode: every key
   * it reads, with its type and allowed values, is a property; nothing else is allowed. So the schema cannot drift
   * from what {@code zkorch validate} accepts (SpecLoaderTest checks both on every fixture).
   */
  public static Map<String, Object> jsonSchema() {
    SpecLoader loader = new SpecLoader("(schema)");
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$id", "https://zkorch.io/schemas/cluster-" + ClusterSpec.API_VERSION.replace("zkorch.io/", "")
        + ".json");
    root.put("title", "zkorch cluster file (" + ClusterSpec.API_VERSION + ")");
    root.put("description", "One cluster: a ZooKeeper ensemble, its images, the apps that use it, scenarios and"
        + " seeded znodes. Generated by `zkorch schema cluster`.");
    Map<String, Object> body = new LinkedHashMap<>();
    loader.decodeFields(loader.new Fields(body, ""));
    root.putAll(body);
    root.put("required", List.of("name"));
    return root;
  }

  /** Decode a file strictly (see {@link #decode}). */
  public static Loaded read(Path file) {
    try {
      return decode(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw ZkorchException.usage(
          "The cluster file " + file + " does not exist; write a starter one with `zkorch init` or pass -f PATH.");
    } catch (IOException e) {
      throw ZkorchException.usage("The cluster file " + file + " cannot be read (" + e.getMessage() + ").");
    }
  }

  /**
   * Decode YAML text strictly. Field problems are returned in {@link Loaded#problems()}; a document that is not
   * YAML, empty or not a mapping throws {@link InvalidSpecException} at once.
   */
  public static Loaded decode(String yaml, String source) {
    SpecLoader loader = new SpecLoader(source);
    ClusterSpec spec = loader.decodeDocument(yaml);
    if (spec == null) {
      throw new InvalidSpecException(source, loader.problems);
    }
    return new Loaded(spec, loader.sourceMap, loader.problems);
  }

  private ClusterSpec decodeDocument(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    options.setMaxAliasesForCollections(20);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      problems.add(
          new SpecProblem(
              "(document)",
              mark == null ? 0 : mark.getLine() + 1,
              mark == null ? 0 : mark.getColumn() + 1,
              "is not valid YAML: " + e.getProblem()));
      return null;
    } catch (YAMLException e) {
      problems.add(new SpecProblem("(document)", 0, 0, "is not valid YAML: " + e.getMessage()));
      return null;
    }
    if (root == null) {
      problems.add(new SpecProblem("(document)", 0, 0, "is empty; write a starter file with `zkorch init`"));
      return null;
    }
    Fields top = fields(root, "");
    if (top == null) {
      return null;
    }
    return decodeFields(top);
  }

  private ClusterSpec decodeFields(Fields top) {
    String apiVersion = top.string("apiVersion");
    String kind = top.string("kind");
    String name = top.string("name");
    Fields zk = top.mapping("zookeeper");
    Fields images = top.mapping("images");
    List<Fields> apps = top.mappingList("apps");
    List<Fields> scenarios = top.mappingList("scenarios");
    Fields data = top.mapping("data");
    top.rejectUnknown();
    DataSpec dataSpec = data == null ? DataSpec.EMPTY : decodeData(data);

    ZooKeeperSpec zookeeper = decodeZooKeeper(zk);
    ImagesSpec imagesSpec = new ImagesSpec(images == null ? null : images.string("base"),
        images == null ? null : images.string("registry"), images == null ? null : images.string("lean"),
        images == null ? null : images.string("jdk"));
    if (images != null) {
      images.rejectUnknown();
    }
    List<AppSpec> appSpecs = new ArrayList<>();
    for (Fields app : apps) {
      appSpecs.add(
          new AppSpec(
              app.string("name"),
              app.string("image"),
              app.integer("replicas"),
              app.stringList("command"),
              app.stringMap("env"),
              app.stringList("ports"),
              app.string("user")));
      app.rejectUnknown();
    }
    List<ScenarioSpec> scenarioSpecs = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      Fields sc = scenarios.get(i);
      String path = "scenarios[" + i + "]";
      String scName = sc.string("name");
      boolean kindGiven = sc.values.containsKey("kind");
      String kindName = sc.oneOf("kind", ScenarioTypes.all().stream().map(ScenarioType::id).toList());
      ScenarioType scKind = kindName == null ? null : ScenarioTypes.of(kindName);
      Integer workers = sc.integer("workers");
      String duration = sc.string("duration");
      Map<String, String> params = sc.stringMap("params");
      String image = sc.string("image");
      Fields faults = sc.mapping("faults");
      sc.rejectUnknown();
      if (image != null) {
        params = new java.util.LinkedHashMap<>(params == null ? Map.of() : params);
        params.put(ScenarioSpec.IMAGE, image);
      }
      FaultsSpec faultsSpec = faults == null ? null : decodeFaults(faults, path + ".faults");
      java.time.Duration parsed = null;
      if (duration != null) {
        try {
          parsed = Durations.parse(duration);
        } catch (IllegalArgumentException e) {
          problems.add(sourceMap.problem(path + ".duration", e.getMessage()));
        }
      }
      if (scKind == null) {
        if (!kindGiven) {
          problems.add(sourceMap.problem(path + ".kind", "is missing; one of " + ScenarioTypes.names()));
        }
        continue;
      }
      scenarioSpecs.add(ScenarioSpec.of(scName == null ? scKind.id() : scName, scKind, workers, parsed,
          params == null ? Map.of() : params, faultsSpec));
    }
    return new ClusterSpec(apiVersion, kind, name, zookeeper, imagesSpec, appSpecs, scenarioSpecs, dataSpec);
  }

  private FaultsSpec decodeFaults(Fields f, String path) {
    List<String> schedule = f.stringList("schedule");
    java.time.Duration interval = duration(f, "interval", path);
    java.time.Duration hold = duration(f, "for", path);
    Integer seed = f.integer("seed");
    f.rejectUnknown();
    // a missing schedule is an empty one: the validator names it
    return new FaultsSpec(schedule == null ? List.of() : schedule, interval, hold, seed == null ? null
        : seed.longValue());
  }

  private java.time.Duration duration(Fields f, String key, String path) {
    String text = f.string(key);
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(sourceMap.problem(path + "." + key, e.getMessage()));
      return null;
    }
  }

  private ZooKeeperSpec decodeZooKeeper(Fields zk) {
    if (zk == null) {
      return new ZooKeeperSpec(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
    String version = zk.string("version");
    String image = zk.string("image");
    Integer members = zk.integer("members");
    Integer observers = zk.integer("observers");
    Integer tickTime = zk.integer("tickTime");
    Integer initLimit = zk.integer("initLimit");
    Integer syncLimit = zk.integer("syncLimit");
    String heap = zk.string("heap");
    List<String> words = zk.stringList("fourLetterWords");
    ZooKeeperSpec.Storage storage = zk.enumValue("storage", ZooKeeperSpec.Storage.class);
    Fields port = zk.mapping("clientPort");
    ClientPortSpec clientPort = null;
    if (port != null) {
      clientPort = new ClientPortSpec(port.integer("host"), port.string("bind"));
      port.rejectUnknown();
    }
    Map<String, String> config = zk.stringMap("config");
    ZooKeeperSpec.Profile profile = zk.enumValue("profile", ZooKeeperSpec.Profile.class);
    Fields security = zk.mapping("security");
    zk.rejectUnknown();
    return new ZooKeeperSpec(
        version, image, members, observers, tickTime, initLimit, syncLimit, heap, words, storage, clientPort, config,
        profile, security == null ? SecuritySpec.NONE : decodeSecurity(security));
  }

  /** {@code zookeeper.security}: tls, sasl and acl; what the values mean is the validator's to judge. */
  private SecuritySpec decodeSecurity(Fields f) {
    Fields tls = f.mapping("tls");
    Fields sasl = f.mapping("sasl");
    List<Fields> acl = f.mappingList("acl");
    f.rejectUnknown();
    SecuritySpec.Tls t = null;
    if (tls != null) {
      Boolean client = tls.bool("client");
      Boolean quorum = tls.bool("quorum");
      String clientAuth = tls.oneOf("clientAuth", List.of("need", "want", "none"));
      Boolean plaintext = tls.bool("plaintext");
      tls.rejectUnknown();
      t = new SecuritySpec.Tls(Boolean.TRUE.equals(client), Boolean.TRUE.equals(quorum), clientAuth,
          Boolean.TRUE.equals(plaintext));
    }
    SecuritySpec.Sasl s = null;
    if (sasl != null) {
      String client = sasl.oneOf("client", List.of("digest"));
      Boolean quorum = sasl.bool("quorum");
      Map<String, String> users = sasl.stringMap("users");
      sasl.rejectUnknown();
      s = new SecuritySpec.Sasl(client, Boolean.TRUE.equals(quorum), users);
    }
    List<SecuritySpec.Acl> acls = new ArrayList<>();
    for (Fields a : acl) {
      String path = a.string("path");
      List<String> grants = a.stringList("grants");
      a.rejectUnknown();
      acls.add(new SecuritySpec.Acl(path, grants));
    }
    return new SecuritySpec(t, s, acls);
  }

  private Fields fields(Node node, String path) {
    if (!(node instanceof MappingNode mapping)) {
      problem(node, path.isEmpty() ? "(document)" : path, "must be a mapping of keys to values");
      return null;
    }
    return new Fields(mapping, path);
  }

  private void problem(Node node, String path, String message) {
    Mark mark = node.getStartMark();
    problems.add(new SpecProblem(path, mark.getLine() + 1, mark.getColumn() + 1, message));
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The keys of one YAML mapping, read by name; keys never read are reported as unknown. */
  /** What string() takes: any YAML scalar (a version written 3.9 is the text "3.9"). */
  private static final List<String> SCALAR = List.of("string", "number", "boolean");

  private final class Fields {
    private final String path;
    /** Set when the loader runs to write the JSON Schema (no document): every key read is recorded here. */
    private final java.util.Map<String, Object> schema;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keyNodes = new LinkedHashMap<>();
    private final Set<String> read = new java.util.HashSet<>();

    /** A mapping recorded into {@code schema} (properties filled as keys are read). */
    Fields(java.util.Map<String, Object> schema, String path) {
      this.path = path;
      this.schema = schema;
      schema.put("type", "object");
      schema.put("properties", new LinkedHashMap<String, Object>());
      schema.put("additionalProperties", false);
    }

    /** Records a key of the schema: its description, then {@code keysAndValues} in order. */
    private boolean record(String key, Object... keysAndValues) {
      if (schema == null) {
        return false;
      }
      Map<String, Object> p = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        p.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
      return recordSchema(key, p);
    }

    /** Records a nested mapping's schema, which fills as its own keys are read (so this very map is kept). */
    @SuppressWarnings("unchecked")
    private boolean recordSchema(String key, Map<String, Object> property) {
      Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
      String description = SchemaText.describe(join(path, key).replaceAll("\\[\\d+\\]", "[]"));
      Map<String, Object> p = new LinkedHashMap<>();
      if (description != null) {
        p.put("description", description);
      }
      p.putAll(property);
      // keep a nested mapping's own map, so keys read later still land in the schema
      properties.putIfAbsent(key, property.containsKey("properties") ? withDescription(property, description) : p);
      return true;
    }

    private Map<String, Object> withDescription(Map<String, Object> child, String description) {
      if (description != null) {
        child.put("description", description);
      }
      return child;
    }

    Fields(MappingNode node, String path) {
      this.schema = null;
      this.path = path;
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problem(keyNode, path.isEmpty() ? "(document)" : path, "keys must be plain strings");
          continue;
        }
        String key = scalarKey.getValue();
        if (values.containsKey(key)) {
          problem(keyNode, join(path, key), "is given twice; keep one");
          continue;
        }
        values.put(key, tuple.getValueNode());
        keyNodes.put(key, keyNode);
        Mark mark = tuple.getValueNode().getStartMark();
        sourceMap.put(join(path, key), mark.getLine() + 1, mark.getColumn() + 1);
      }
    }

    private Node take(String key) {
      read.add(key);
      Node node = values.get(key);
      if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
        return null;
      }
      return node;
    }

    String string(String key) {
      if (record(key, "type", SCALAR)) {
        return null;
      }
      Node node = take(key);
      if (node == null) {
        return null;
      }
      if (!(node instanceof ScalarNode scalar)) {
        problem(node, join(path, key), "must be a string, not a " + shape(node));
        return null;
      }
      return scalar.getValue();
    }

    Integer integer(String key) {
      if (record(key, "type", "integer")) {
        return null;
      }
      Node node = take(key);
      if (node == null) {
        return null;
      }
      if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
        problem(node, join(path, key), "must be a whole number, not " + describe(node));
        return null;
      }
      try {
        return Integer.parseInt(scalar.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        problem(node, join(path, key), "must be a whole number that fits in 32 bits");
        return null;
      }
    }

    /** true or false (YAML's booleans); a problem at its line and column otherwise. */
    Boolean bool(String key) {
      if (record(key, "type", "boolean")) {
        return null;
      }
      Node node = take(key);
      if (node == null) {
        return null;
      }
      if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
        problem(node, join(path, key), "must be true or false, not " + describe(node));
        return null;
      }
      String v = scalar.getValue().toLowerCase(Locale.ROOT);
      return v.equals("true") || v.equals("yes") || v.equals("on");
    }

    /** A string that must be one of {@code allowed}; a problem at its line and column otherwise. */
    String oneOf(String key, List<String> allowed) {
      if (record(key, "type", "string", "enum", allowed)) {
        return null;
      }
      String value = string(key);
      if (value != null && !allowed.contains(value)) {
        problem(values.get(key), join(path, key), "must be one of " + allowed + ", not '" + value + "'");
        return null;
      }
      return value;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
      if (schema != null) {
        record(key, "type", "string", "enum", java.util.Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        return null;
      }
      String value = string(key);
      if (value == null) {
        return null;
      }
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
          allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        problem(values.get(key), join(path, key), "must be one of " + allowed + ", not '" + value + "'");
        return null;
      }
    }

    Fields mapping(String key) {
      if (schema != null) {
        Map<String, Object> child = new LinkedHashMap<>();
        Fields f = new Fields(child, join(path, key));
        recordSchema(key, child);
        return f;
      }
      Node node = take(key);
      return node == null ? null : fields(node, join(path, key));
    }

    List<Fields> mappingList(String key) {
      if (schema != null) {
        Map<String, Object> item = new LinkedHashMap<>();
        Fields f = new Fields(item, join(path, key) + "[]");
        record(key, "type", "array", "items", item);
        return List.of(f);
      }
      Node node = take(key);
      List<Fields> result = new ArrayList<>();
      if (node == null) {
        return result;
      }
      if (!(node instanceof SequenceNode sequence)) {
        problem(node, join(path, key), "must be a list, not " + describe(node));
        return result;
      }
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        String itemPath = join(path, key) + "[" + i + "]";
        Mark mark = items.get(i).getStartMark();
        sourceMap.put(itemPath, mark.getLine() + 1, mark.getColumn() + 1);
        Fields item = fields(items.get(i), itemPath);
        if (item != null) {
          result.add(item);
        }
      }
      return result;
    }

    List<String> stringList(String key) {
      if (record(key, "type", "array", "items", Map.of("type", SCALAR))) {
        return null;
      }
      Node node = take(key);
      if (node == null) {
        return null;
      }
      if (!(node instanceof SequenceNode sequence)) {
        problem(node, join(path, key), "must be a list of strings, not " + describe(node));
        return null;
      }
      List<String> result = new ArrayList<>();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        Mark mark = item.getStartMark();
        sourceMap.put(join(path, key) + "[" + i + "]", mark.getLine() + 1, mark.getColumn() + 1);
        if (item instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
          result.add(scalar.getValue());
        } else {
          problem(item, join(path, key) + "[" + i + "]", "must be a string, not " + describe(item));
        }
      }
      return result;
    }

    Map<String, String> stringMap(String key) {
      if (record(key, "type", "object", "additionalProperties", Map.of("type", SCALAR))) {
        return null;
      }
      Node node = take(key);
      if (node == null) {
        return null;
      }
      Fields map = fields(node, join(path, key));
      if (map == null) {
        return null;
      }
      Map<String, String> result = new LinkedHashMap<>();
      for (String k : map.values.keySet()) {
        String value = map.string(k);
        if (value != null) {
          result.put(k, value);
        }
      }
      return result;
    }

    void rejectUnknown() {
      for (Map.Entry<String, Node> entry : keyNodes.entrySet()) {
        if (!read.contains(entry.getKey())) {
          String hint = closest(entry.getKey(), read);
          problem(
              entry.getValue(),
              join(path, entry.getKey()),
              "is not a known key"
                  + (hint == null ? "" : "; did you mean '" + hint + "'?")
                  + " Known here: "
                  + new java.util.TreeSet<>(read));
        }
      }
    }
  }

  private static String shape(Node node) {
    if (node instanceof MappingNode) {
      return "mapping";
    }
    if (node instanceof SequenceNode) {
      return "list";
    }
    return "value";
  }

  private static String describe(Node node) {
    if (node instanceof ScalarNode scalar) {
      return "'" + scalar.getValue() + "'";
    }
    return "a " + shape(node);
  }

  /** The known key nearest to a misspelt one (edit distance at most 2), or null. */
  static String closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
