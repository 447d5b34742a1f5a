package io.isthmus.app.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One API request: its method, its decoded path segments, and its body read on demand. */
final class Request {
  /** Bodies are small JSON objects; anything larger is refused rather than buffered. */
  static final int MAX_BODY = 64 * 1024;

  private final HttpExchange exchange;
  private final List<String> segments;

  Request(HttpExchange exchange) throws HttpError {
    this.exchange = exchange;
    this.segments = segments(exchange.getRequestURI().getRawPath());
  }

  String method() {
    return exchange.getRequestMethod();
  }

  /** The path's segments, percent-decoded: {@code /api/calls/a%40b} is [api, calls, a@b]. */
  List<String> segments() {
    return segments;
  }

  byte[] body() throws IOException, HttpError {
    try (InputStream in = exchange.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > MAX_BODY) {
          throw new HttpError(413, "the body exceeds " + MAX_BODY + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  static List<String> segments(String rawPath) throws HttpError {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  /** RFC 3986 §2.1 percent-decoding as UTF-8; '+' stays '+' (it is not a space in a path). */
  static String decode(String segment) throws HttpError {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= segment.length()) {
        throw HttpError.badRequest("truncated percent-escape in path segment " + segment);
      }
      int hi = Character.digit(segment.charAt(i + 1), 16);
      int lo = Character.digit(segment.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        throw HttpError.badRequest("bad percent-escape in path segment " + segment);
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
