package io.isthmus.sip.uri;

import java.util.Arrays;

/**
 * An ordered, immutable list of {@code name[=value]} parameters, as written. A flag parameter
 * ({@code ;lr}) has a null value. Names are looked up ignoring case; in URI parameters, where the
 * grammar allows escapes, also after decoding them ({@code ;%6C%72} is {@code ;lr}, RFC 4475
 * §3.1.1.3).
 */
public final class Parameters {
  /** No parameters (names are tokens, no escapes). */
  public static final Parameters EMPTY = new Parameters(new String[0], new String[0], false);

  /** No URI parameters (names may carry escapes). */
  public static final Parameters EMPTY_URI = new Parameters(new String[0], new String[0], true);

  private final String[] names;
  private final String[] values;
  private final boolean escaped;

  private Parameters(String[] names, String[] values, boolean escaped) {
    this.names = names;
    this.values = values;
    this.escaped = escaped;
  }

  /** How many parameters. */
  public int size() {
    return names.length;
  }

  /** True when there are none. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The i-th name, as written. */
  public String name(int i) {
    return names[i];
  }

  /** The i-th value as written (quotes and escapes kept), null for a flag. */
  public String value(int i) {
    return values[i];
  }

  /** Index of the first parameter with that name (case-insensitive), or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(name)
          || (escaped
              && names[i].indexOf('%') >= 0
              && Escapes.decode(names[i]).equalsIgnoreCase(name))) {
        return i;
      }
    }
    return -1;
  }

  /** True when a parameter of that name is present, with or without a value. */
  public boolean contains(String name) {
    return indexOf(name) >= 0;
  }

  /** The value of the named parameter as written; null when absent or a flag. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** A copy where the named parameter has this value (replaced in place, else appended). */
  public Parameters with(String name, String value) {
    int i = indexOf(name);
    String[] n;
    String[] v;
    if (i >= 0) {
      n = names.clone();
      v = values.clone();
      n[i] = name;
    } else {
      n = Arrays.copyOf(names, names.length + 1);
      v = Arrays.copyOf(values, values.length + 1);
      i = names.length;
      n[i] = name;
    }
    v[i] = value;
    return new Parameters(n, v, escaped);
  }

  /** A copy without any parameter of that name. */
  public Parameters without(String name) {
    if (indexOf(name) < 0) {
      return this;
    }
    Builder b = new Builder(escaped);
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equalsIgnoreCase(name)
          && !(escaped && Escapes.decode(names[i]).equalsIgnoreCase(name))) {
        b.add(names[i], values[i]);
      }
    }
    return b.build();
  }

  /** Appends {@code <sep>name[=value]} for each parameter. */
  public void appendTo(StringBuilder sb, char separator) {
    for (int i = 0; i < names.length; i++) {
      sb.append(separator).append(names[i]);
      if (values[i] != null) {
        sb.append('=').append(values[i]);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters p
        && Arrays.equals(p.names, names)
        && Arrays.equals(p.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, ';');
    return sb.toString();
  }

  /** Collects parameters in order; parsers use it. */
  public static final class Builder {
    private String[] names = new String[4];
    private String[] values = new String[4];
    private int size;
    private final boolean escaped;

    /** A builder for URI parameters ({@code escaped} true) or header parameters. */
    public Builder(boolean escaped) {
      this.escaped = escaped;
    }

    /** Appends one parameter; a null value makes a flag. */
    public Builder add(String name, String value) {
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      names[size] = name;
      values[size] = value;
      size++;
      return this;
    }

    /** The parameters added so far. */
    public Parameters build() {
      if (size == 0) {
        return escaped ? EMPTY_URI : EMPTY;
      }
      return new Parameters(Arrays.copyOf(names, size), Arrays.copyOf(values, size), escaped);
    }
  }
}
