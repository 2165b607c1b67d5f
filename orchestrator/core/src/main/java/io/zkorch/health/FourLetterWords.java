package io.zkorch.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends one four-letter-word command to a member and reads the whole answer. */
public final class FourLetterWords {

  private FourLetterWords() {}

  /** The answer of {@code host:port} to {@code command} through {@code access} (over TLS when it uses it). */
  public static String send(String host, int port, String command, int timeoutMillis,
      io.zkorch.security.ClientAccess access) throws IOException {
    return access.tls() ? access.fourLetterWordOverTls(host, port, command, timeoutMillis)
        : send(host, port, command, timeoutMillis);
  }

  /** The answer of {@code host:port} to {@code command}; IOException when it does not answer in time. */
  public static String send(String host, int port, String command, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(command.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
