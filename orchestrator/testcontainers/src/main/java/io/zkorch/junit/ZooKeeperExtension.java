package io.zkorch.junit;

import org.testcontainers.DockerClientFactory;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link ZooKeeperTest}: starts the ensemble (per class or per method), hands it to parameters
 * of type {@link ZooKeeperEnsemble} or {@code @ConnectString String}, and stops it when its scope ends — the
 * ensemble lives in JUnit's store, which closes it even when a test fails.
 */
public final class ZooKeeperExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ZooKeeperExtension.class);
  private static final String KEY = "ensemble";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<ZooKeeperTest> settings = settings(context);
    if (settings.isPresent() && settings.get().disabledWithoutDocker() && !DockerClientFactory.instance().isDockerAvailable()) {
      return ConditionEvaluationResult.disabled("No Docker engine answers, and the class says disabledWithoutDocker.");
    }
    return ConditionEvaluationResult.enabled("");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ownSettings(context).filter(s -> s.scope() == ZooKeeperTest.Scope.CLASS).ifPresent(s -> start(context, s));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    settings(context).filter(s -> s.scope() == ZooKeeperTest.Scope.METHOD).ifPresent(s -> start(context, s));
  }

  private static void start(ExtensionContext context, ZooKeeperTest settings) {
    // stored before starting: if start fails half-way, closing the store still removes what exists
    Running running = new Running(ensemble(settings));
    context.getStore(NAMESPACE).put(KEY, running);
    running.ensemble().start();
  }

  /** The ensemble an annotation describes. */
  static ZooKeeperEnsemble ensemble(ZooKeeperTest s) {
    ZooKeeperEnsemble e = new ZooKeeperEnsemble(s.members()).withObservers(s.observers())
        .withStartupTimeout(Duration.ofSeconds(s.startupTimeoutSeconds()));
    if (s.fastFailover()) {
      e.withFastFailover();
    }
    if (!s.image().isEmpty()) {
      e.withImage(s.image());
    }
    if (!s.version().isEmpty()) {
      e.withZooKeeperVersion(s.version());
    }
    for (String entry : s.config()) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("@ZooKeeperTest(config = \"" + entry + "\"): write each entry as key=value.");
      }
      e.withConfig(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
    }
    return e;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ZooKeeperEnsemble.class
        || (type == String.class && parameter.isAnnotated(ConnectString.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Running running = context.getStore(NAMESPACE).get(KEY, Running.class);
    if (running == null) {
      throw new ParameterResolutionException("No ZooKeeper ensemble for " + parameter.getDeclaringExecutable().getName()
          + ": @ZooKeeperTest(scope = METHOD) starts one per test, so @BeforeAll methods and constructors get none;"
          + " use the default scope (CLASS) to share one.");
    }
    if (parameter.getParameter().getType() == ZooKeeperEnsemble.class) {
      return running.ensemble();
    }
    boolean internal = parameter.findAnnotation(ConnectString.class).map(ConnectString::internal).orElse(false);
    return internal ? running.ensemble().getInternalConnectString() : running.ensemble().getConnectString();
  }

  /** The annotation on this class or an enclosing (@Nested) one. */
  private static Optional<ZooKeeperTest> settings(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      Optional<ZooKeeperTest> found = ownSettings(c.get());
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<ZooKeeperTest> ownSettings(ExtensionContext context) {
    return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, ZooKeeperTest.class));
  }

  /** What the store keeps; JUnit closes it when the scope ends. */
  private record Running(ZooKeeperEnsemble ensemble) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      ensemble.stop();
    }
  }
}
