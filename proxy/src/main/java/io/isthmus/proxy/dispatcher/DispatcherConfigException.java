package io.isthmus.proxy.dispatcher;

/**
 * A dispatcher list (a Kamailio list file or the sets of the YAML config) is not valid. The message
 * names the source, the line (or entry) and the field: {@code dispatcher.list line 7: priority 'x'
 * is not a number}.
 */
public final class DispatcherConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String field;

  /** An error in {@code field} of line (or entry) {@code line} of {@code source}. */
  public DispatcherConfigException(String source, int line, String field, String detail) {
    super(source + " line " + line + ": " + detail);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** The file name or config key the list came from. */
  public String source() {
    return source;
  }

  /** The 1-based line (list file) or entry number (config records). */
  public int line() {
    return line;
  }

  /** The field at fault: setid, destination, flags, priority, attrs or an attribute name. */
  public String field() {
    return field;
  }
}
