package io.isthmus.app.admin;

/** A request the API refuses: the status and the message of its {@code {"error": ...}} body. */
final class HttpError extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String allow;

  HttpError(int status, String message) {
    this(status, message, null);
  }

  private HttpError(int status, String message, String allow) {
    super(message);
    this.status = status;
    this.allow = allow;
  }

  int status() {
    return status;
  }

  /** The {@code Allow} header of a 405, else null. */
  String allow() {
    return allow;
  }

  /** 405, naming the method the path takes (RFC 9110 §15.5.6). */
  static HttpError methodNotAllowed(String method, String allowed) {
    return new HttpError(405, "method " + method + " not allowed here; use " + allowed, allowed);
  }

  static HttpError notFound(String what) {
    return new HttpError(404, what);
  }

  static HttpError badRequest(String why) {
    return new HttpError(400, why);
  }
}
