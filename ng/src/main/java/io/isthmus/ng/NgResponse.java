package io.isthmus.ng;

import io.isthmus.ng.bencode.BDict;
import io.isthmus.ng.bencode.BString;
import io.isthmus.ng.bencode.BValue;

/**
 * A reply dictionary. {@code result} is {@code ok}, {@code pong} (to {@code ping} only), {@code
 * error} (with {@code error-reason} and possibly {@code error-detail}) or {@code load limit} (with
 * {@code message}, only for clients that announced {@code supports: ["load limit"]}). An {@code ok}
 * reply may carry a non-fatal {@code warning}.
 */
public final class NgResponse {
  /** rtpengine's reason when {@code max-sessions} is reached; Kamailio fails over on it. */
  public static final String SESSION_LIMIT = "Parallel session limit reached";

  /** rtpengine's reason when no port pair is free; Kamailio fails over on it. */
  public static final String OUT_OF_PORTS = "Ran out of ports";

  private final BDict body;

  private NgResponse(BDict body) {
    this.body = body;
  }

  /** {@code {result: pong}}. */
  public static NgResponse pong() {
    return new NgResponse(BDict.builder().put("result", "pong").build());
  }

  /** {@code {result: error, error-reason: reason}}. */
  public static NgResponse error(String reason) {
    return error(reason, null);
  }

  /**
   * {@code {result: error, error-reason: reason, error-detail: detail}}: the reason in rtpengine's
   * words (what Kamailio logs and people grep for), the detail (null: none) saying exactly what was
   * wrong, e.g. where a bencode document broke off.
   */
  public static NgResponse error(String reason, String detail) {
    BDict.Builder b = BDict.builder().put("result", "error").put("error-reason", reason);
    if (detail != null) {
      b.put("error-detail", detail);
    }
    return new NgResponse(b.build());
  }

  /** {@code {result: load limit, message: message}}. */
  public static NgResponse loadLimit(String message) {
    return new NgResponse(
        BDict.builder().put("result", "load limit").put("message", message).build());
  }

  /** {@code {result: ok}}. */
  public static NgResponse ok() {
    return okBuilder().build();
  }

  /** A builder for an {@code ok} reply with more keys. */
  public static Builder okBuilder() {
    return new Builder();
  }

  /**
   * A reply as received by a client.
   *
   * @throws NgException if it has no string {@code result}
   */
  public static NgResponse of(BDict body) throws NgException {
    if (!(body.get("result") instanceof BString)) {
      throw new NgException("Reply has no \"result\"");
    }
    return new NgResponse(body);
  }

  /** The {@code result} value. */
  public String result() {
    return ((BString) body.get("result")).asString();
  }

  /** True for {@code ok} and {@code pong}. */
  public boolean isSuccess() {
    String r = result();
    return r.equals("ok") || r.equals("pong");
  }

  /** The {@code error-reason} (or the {@code message} of a load limit), or null. */
  public String errorReason() {
    BValue v = body.get("error-reason");
    if (v == null) {
      v = body.get("message");
    }
    return v instanceof BString s ? s.asString() : null;
  }

  /** The {@code warning}, or null. */
  public String warning() {
    return body.get("warning") instanceof BString s ? s.asString() : null;
  }

  /** The whole dictionary. */
  public BDict body() {
    return body;
  }

  @Override
  public String toString() {
    return body.toString();
  }

  /** Builds an {@code ok} reply. */
  public static final class Builder {
    private final BDict.Builder body = BDict.builder().put("result", "ok");

    private Builder() {}

    /** Adds {@code key}; {@code result} cannot be changed. */
    public Builder put(String key, BValue value) {
      if (key.equals("result")) {
        throw new IllegalArgumentException("result is set by the builder");
      }
      body.put(key, value);
      return this;
    }

    /** Adds the string {@code key}. */
    public Builder put(String key, String value) {
      return put(key, BString.of(value));
    }

    /** Adds a non-fatal warning. */
    public Builder warning(String warning) {
      return put("warning", warning);
    }

    /** The reply. */
    public NgResponse build() {
      return new NgResponse(body.build());
    }
  }
}
