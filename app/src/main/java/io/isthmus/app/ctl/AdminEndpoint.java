package io.isthmus.app.ctl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Where {@code ctl} finds the admin endpoint: {@code --admin URL}, else the {@code admin.listen} of
 * {@code --config FILE} ({@code https} when the config has {@code admin.tls}), else {@value
 * #DEFAULT_URL} (the config's default).
 *
 * <p>The config file is read leniently, for that one key only: {@code ctl reload} must still find
 * the endpoint while the file holds the very errors the reload is meant to report.
 */
final class AdminEndpoint {
  static final String DEFAULT_URL = "http://127.0.0.1:8080/";

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private AdminEndpoint() {}

  /**
   * The base URL, ending in '/'.
   *
   * @throws IllegalArgumentException with a message for the operator when the URL or the config's
   *     admin.listen is unusable (a usage error)
   */
  static URI resolve(String admin, Path config) {
    if (admin != null) {
      return fromUrl(admin);
    }
    if (config != null) {
      return fromConfig(config);
    }
    return URI.create(DEFAULT_URL);
  }

  static URI fromUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--admin " + url + " is not a URL: " + e.getReason());
    }
    boolean secure = "https".equals(uri.getScheme());
    if (!("http".equals(uri.getScheme()) || secure) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--admin " + url + " is not an http(s) URL (expected e.g. http://127.0.0.1:8080/)");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return URI.create(
        (secure ? "https://" : "http://")
            + uri.getRawAuthority()
            + (path.endsWith("/") ? path : path + "/"));
  }

  /**
   * The config's admin.tls.certificate (relative to its directory), or null: ctl trusts exactly
   * that certificate when it reaches the endpoint over HTTPS.
   */
  static Path certificate(Path config) {
    if (config == null) {
      return null;
    }
    try {
      JsonNode root = YAML.readTree(Files.readString(config));
      JsonNode f = root == null ? null : root.path("admin").path("tls").path("certificate");
      if (f == null || !f.isString()) {
        return null;
      }
      return config.toAbsolutePath().getParent().resolve(f.stringValue());
    } catch (IOException | JacksonException e) {
      return null; // resolve() reports an unreadable config
    }
  }

  /** The config's admin.token-file (relative to its directory), or null. */
  static Path tokenFile(Path config) {
    if (config == null) {
      return null;
    }
    try {
      JsonNode root = YAML.readTree(Files.readString(config));
      JsonNode f = root == null ? null : root.path("admin").path("token-file");
      if (f == null || !f.isString()) {
        return null;
      }
      Path dir = config.toAbsolutePath().getParent();
      return dir.resolve(f.stringValue());
    } catch (IOException | JacksonException e) {
      return null; // resolve() reports an unreadable config
    }
  }

  static URI fromConfig(Path config) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(config));
    } catch (IOException e) {
      throw new IllegalArgumentException("--config " + config + ": cannot read: " + e);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "--config " + config + ": not YAML: " + e.getOriginalMessage());
    }
    JsonNode listen = root == null ? null : root.path("admin").path("listen");
    if (listen == null || listen.isMissingNode() || listen.isNull()) {
      return URI.create(DEFAULT_URL);
    }
    if (!listen.isString()) {
      throw new IllegalArgumentException(
          "--config " + config + ": admin.listen is not an address:port");
    }
    URI base = fromListen(listen.stringValue(), config);
    JsonNode tls = root.path("admin").path("tls");
    return tls.isObject() ? URI.create("https" + base.toString().substring(4)) : base;
  }

  /** {@code 127.0.0.1:8080} or {@code [::1]:8080}; a wildcard address is reached on loopback. */
  static URI fromListen(String listen, Path config) {
    int colon = listen.lastIndexOf(':');
    String host = colon > 0 ? listen.substring(0, colon) : "";
    String port = colon > 0 ? listen.substring(colon + 1) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(host); // a literal only: nothing is resolved
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--config " + config + ": admin.listen " + listen + " is not an address:port");
    }
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "--config "
              + config
              + ": admin.listen "
              + listen
              + " has no fixed port; give the endpoint with --admin");
    }
    if (address.isAnyLocalAddress()) {
      // Listening on every address includes loopback; ctl runs on the same host.
      address = InetAddress.ofLiteral(address.getAddress().length == 4 ? "127.0.0.1" : "::1");
    }
    String literal = address.getHostAddress();
    if (literal.indexOf(':') >= 0) {
      literal = "[" + literal + "]";
    }
    return URI.create("http://" + literal + ":" + port + "/");
  }
}
