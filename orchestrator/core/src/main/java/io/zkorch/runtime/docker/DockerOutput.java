package io.zkorch.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Reading what containers print: their logs, and the output of a command run inside them. */
public final class DockerOutput {

  private DockerOutput() {}

  /** A container's output: standard output and/or standard error, the last {@code tail} lines (0: all). */
  public static String of(DockerClient docker, String container, boolean stdout, boolean stderr, int tail) {
    StringBuilder out = new StringBuilder();
    var cmd = docker.logContainerCmd(container).withStdOut(stdout).withStdErr(stderr).withFollowStream(false);
    if (tail > 0) {
      cmd.withTail(tail);
    }
    await(cmd.exec(collector(out)), 60);
    return out.toString();
  }

  /** A callback that appends every frame (stdout and stderr alike) to {@code out}. */
  public static ResultCallback.Adapter<Frame> collector(StringBuilder out) {
    return new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    };
  }

  /** Waits for a stream to end, at most {@code seconds}. */
  public static void await(ResultCallback.Adapter<Frame> callback, int seconds) {
    try {
      callback.awaitCompletion(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
