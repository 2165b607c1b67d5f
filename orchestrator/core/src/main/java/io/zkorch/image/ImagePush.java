package io.zkorch.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import java.util.concurrent.TimeUnit;

/** Tags an image for a registry and pushes it there, so that the nodes of a swarm pull it themselves. */
public final class ImagePush {

  private ImagePush() {}

  /**
   * Pushes {@code reference} (which {@code docker} has) as {@code target} (REGISTRY/repository:tag); a failure names
   * the registry and the engine's reason.
   */
  public static void push(DockerClient docker, String reference, String target, Progress progress) {
    int colon = target.lastIndexOf(':');
    if (colon < 0 || target.indexOf('/', colon) >= 0) {
      throw new IllegalArgumentException("not REPOSITORY:TAG: " + target);
    }
    String repository = target.substring(0, colon);
    String tag = target.substring(colon + 1);
    Progress.Step step = progress.start("Pushing " + reference + " as " + target);
    long t0 = System.nanoTime();
    docker.tagImageCmd(reference, repository, tag).withForce(true).exec();
    String[] error = {null};
    try {
      boolean done = docker.pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
        @Override
        public void onNext(PushResponseItem item) {
          if (item.getErrorDetail() != null) {
            error[0] = item.getErrorDetail().getMessage();
          } else if (item.getStatus() != null) {
            step.update(item.getStatus());
          }
        }
      }).awaitCompletion(10, TimeUnit.MINUTES);
      if (!done) {
        error[0] = "no answer within 10 minutes";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error[0] = "interrupted";
    } catch (RuntimeException e) {
      error[0] = String.valueOf(e.getMessage());
    }
    if (error[0] != null) {
      step.fail(error[0]);
      throw ZkorchException.environment("Pushing " + target + " failed: " + error[0].strip() + ". Check that the"
          + " registry answers and that the engine may push to it (an HTTP registry must be among the engine's"
          + " insecure-registries).", null);
    }
    step.ok(String.format("%.1f s", (System.nanoTime() - t0) / 1e9));
  }
}
