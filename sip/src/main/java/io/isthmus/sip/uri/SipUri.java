package io.isthmus.sip.uri;

import io.isthmus.sip.SipParseException;

/**
 * A sip: or sips: URI (RFC 3261 §19.1), immutable. Components are kept as written, escapes
 * included, so {@link #toString()} reproduces the text; {@link #userDecoded()} and {@link
 * #equivalentTo} apply the escaping rules of §19.1.2 and §19.1.4.
 *
 * <p>New URIs (Record-Route, Via-derived targets) come from {@link #builder(String)} or the {@code
 * with...} methods; every built URI is checked against the grammar.
 */
public final class SipUri implements Uri {
  private final boolean secure;
  private final String user;
  private final String password;
  private final Host host;
  private final int port;
  private final Parameters parameters;
  private final Parameters headers;
  private String text;

  SipUri(
      boolean secure,
      String user,
      String password,
      Host host,
      int port,
      Parameters parameters,
      Parameters headers) {
    this.secure = secure;
    this.user = user;
    this.password = password;
    this.host = host;
    this.port = port;
    this.parameters = parameters;
    this.headers = headers;
  }

  /** Parses a whole string as a sip/sips URI; for configuration and tests. */
  public static SipUri parse(String text) throws SipParseException {
    if (Uri.parse(text) instanceof SipUri s) {
      return s;
    }
    throw new SipParseException(0, "not a sip or sips URI");
  }

  @Override
  public String scheme() {
    return secure ? "sips" : "sip";
  }

  /** True for sips:. */
  public boolean secure() {
    return secure;
  }

  /** The user part as written (escapes kept), or null when there is no userinfo. */
  public String user() {
    return user;
  }

  /** The user part with its escapes decoded once ({@code %00} stays a NUL), or null. */
  public String userDecoded() {
    return user == null ? null : Escapes.decode(user);
  }

  /** The password as written, or null. */
  public String password() {
    return password;
  }

  /** The host as written; an IPv6 reference keeps its brackets. */
  public String host() {
    return host.text();
  }

  /** The host with its kind and, for IP literals, its address. */
  public Host hostAddress() {
    return host;
  }

  /** DOMAIN, IPV4 or IPV6. */
  public Host.Kind hostKind() {
    return host.kind();
  }

  /** The port, or -1 when absent. */
  public int port() {
    return port;
  }

  /** URI parameters in order. */
  public Parameters parameters() {
    return parameters;
  }

  /** URI headers ({@code ?a=b&c=d}) in order, values as written (escaped). */
  public Parameters headers() {
    return headers;
  }

  /** The value of a URI parameter as written, null when absent or a flag. */
  public String parameter(String name) {
    return parameters.get(name);
  }

  /** The transport parameter, or null. */
  public String transport() {
    return parameters.get("transport");
  }

  /** The maddr parameter, or null. */
  public String maddr() {
    return parameters.get("maddr");
  }

  /** The user parameter ({@code phone}, {@code ip}, ...), or null. */
  public String userParam() {
    return parameters.get("user");
  }

  /** The method parameter, or null. */
  public String method() {
    return parameters.get("method");
  }

  /** The ttl parameter, or -1 when absent or not a number in 0..255. */
  public int ttl() {
    String v = parameters.get("ttl");
    if (v == null || v.isEmpty() || v.length() > 3) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      if (!SipChars.isDigit(v.charAt(i))) {
        return -1;
      }
      n = n * 10 + v.charAt(i) - '0';
    }
    return n <= 255 ? n : -1;
  }

  /** True when the lr parameter is present (loose routing, RFC 3261 §16.12). */
  public boolean looseRouting() {
    return parameters.contains("lr");
  }

  @Override
  public boolean equivalentTo(Uri other) {
    return other instanceof SipUri s && SipUriEquivalence.equivalent(this, s);
  }

  /** A builder starting from this URI. */
  public Builder toBuilder() {
    Builder b = new Builder(host.text());
    b.secure = secure;
    b.user = user;
    b.password = password;
    b.port = port;
    b.parameters = parameters;
    b.headers = headers;
    return b;
  }

  /** This URI with the parameter set (replaced in place or appended); null value for a flag. */
  public SipUri withParameter(String name, String value) {
    return toBuilder().parameter(name, value).build();
  }

  /** This URI without the named parameter. */
  public SipUri withoutParameter(String name) {
    Builder b = toBuilder();
    b.parameters = parameters.without(name);
    return b.build();
  }

  /** This URI without headers (a proxy strips them from a Request-URI, RFC 4475 §3.1.2.11). */
  public SipUri withoutHeaders() {
    return new SipUri(secure, user, password, host, port, parameters, Parameters.EMPTY_URI);
  }

  /** This URI with another port (-1 removes it). */
  public SipUri withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** A builder for a URI on that host (a hostname, an IPv4 address or a bracketed IPv6). */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder sb = new StringBuilder(32);
      sb.append(secure ? "sips:" : "sip:");
      if (user != null) {
        sb.append(user);
        if (password != null) {
          sb.append(':').append(password);
        }
        sb.append('@');
      }
      sb.append(host.text());
      if (port >= 0) {
        sb.append(':').append(port);
      }
      parameters.appendTo(sb, ';');
      for (int i = 0; i < headers.size(); i++) {
        sb.append(i == 0 ? '?' : '&').append(headers.name(i)).append('=').append(headers.value(i));
      }
      t = sb.toString();
      text = t;
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipUri s && s.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /**
   * Makes SIP URIs. Components are given in their escaped form (as they would be written); {@link
   * #build()} checks the result against the grammar and throws IllegalArgumentException.
   */
  public static final class Builder {
    private boolean secure;
    private String user;
    private String password;
    private final String host;
    private int port = -1;
    private Parameters parameters = Parameters.EMPTY_URI;
    private Parameters headers = Parameters.EMPTY_URI;

    private Builder(String host) {
      this.host = host;
    }

    /** sips: instead of sip:. */
    public Builder secure(boolean value) {
      secure = value;
      return this;
    }

    /** The user part, escaped form; null for none. */
    public Builder user(String value) {
      user = value;
      return this;
    }

    /** The password, escaped form; null for none. */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /** The port, -1 for none. */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /** Sets a URI parameter (null value for a flag such as {@code lr}). */
    public Builder parameter(String name, String value) {
      parameters = parameters.with(name, value);
      return this;
    }

    /** Sets a URI header. */
    public Builder header(String name, String value) {
      headers = headers.with(name, value);
      return this;
    }

    /** The URI; throws IllegalArgumentException when a component breaks the grammar. */
    public SipUri build() {
      if (port < -1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      SipUri candidate =
          new SipUri(secure, user, password, Host.of(host), port, parameters, headers);
      String text = candidate.toString();
      try {
        Uri parsed = Uri.parse(text);
        if (!(parsed instanceof SipUri s) || !s.toString().equals(text)) {
          throw new IllegalArgumentException("components do not form one SIP URI: " + text);
        }
        return s;
      } catch (SipParseException e) {
        throw new IllegalArgumentException("invalid SIP URI " + text + ": " + e.reason(), e);
      }
    }
  }
}
