package io.isthmus.ng.bencode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A bencode dictionary ({@code d...e}): byte-string keys mapped to values, without duplicate keys.
 *
 * <p>Reading keeps the order of the input (rtpengine and Kamailio do not always sort keys, and
 * rtpengine does not insist on it); encoding writes keys in raw byte order as BEP 3 requires.
 * Equality is that of a map: two dictionaries with the same entries in another order are equal.
 *
 * <p>{@link #get(String)} looks a key up without allocating: the hash of an ASCII {@code String}
 * (cached by the JDK) equals the hash of its bytes, and the comparison walks chars against bytes.
 * Dictionaries in NG messages hold a few dozen keys at most, so lookup is a scan.
 */
public final class BDict implements BValue {
  private static final BDict EMPTY = new BDict(new BString[0], new BValue[0], 0);

  private final BString[] keys;
  private final BValue[] values;
  private final int size;
  private final int[] sortedOrder; // null when the keys already are in byte order

  private BDict(BString[] keys, BValue[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
    this.sortedOrder = sortOrder(keys, size);
  }

  /** Takes ownership of the arrays; the caller guarantees distinct keys (decoder use). */
  static BDict own(BString[] keys, BValue[] values, int size) {
    return size == 0 ? EMPTY : new BDict(keys, values, size);
  }

  /** The empty dictionary. */
  public static BDict empty() {
    return EMPTY;
  }

  /** A builder; a later {@code put} of the same key replaces the value, keeping the position. */
  public static Builder builder() {
    return new Builder();
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** The key of entry {@code index}, in input order. */
  public BString key(int index) {
    Objects.checkIndex(index, size);
    return keys[index];
  }

  /** The value of entry {@code index}, in input order. */
  public BValue value(int index) {
    Objects.checkIndex(index, size);
    return values[index];
  }

  /** The value for {@code key}, or null. */
  public BValue get(String key) {
    int h = key.hashCode();
    for (int i = 0; i < size; i++) {
      if (keys[i].hashCode() == h && keys[i].contentEquals(key)) {
        return values[i];
      }
    }
    // A non-ASCII key hashes differently as chars and as UTF-8 bytes: look it up by its bytes.
    for (int i = 0, n = key.length(); i < n; i++) {
      if (key.charAt(i) >= 0x80) {
        return get(BString.of(key));
      }
    }
    return null;
  }

  /** The value for {@code key}, or null. */
  public BValue get(BString key) {
    int h = key.hashCode();
    for (int i = 0; i < size; i++) {
      if (keys[i].hashCode() == h && keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  /** True if the dictionary has {@code key}. */
  public boolean containsKey(String key) {
    return get(key) != null;
  }

  /**
   * The index of the entry to write at position {@code position} when encoding: entries in raw byte
   * order of their keys.
   */
  int sortedIndex(int position) {
    return sortedOrder == null ? position : sortedOrder[position];
  }

  private static int[] sortOrder(BString[] keys, int size) {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = keys[i - 1].compareTo(keys[i]) < 0;
    }
    if (sorted) {
      return null;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
    int[] result = new int[size];
    for (int i = 0; i < size; i++) {
      result[i] = order[i];
    }
    return result;
  }

  @Override
  public String typeName() {
    return "a dictionary";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BDict d) || d.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (!values[i].equals(d.get(keys[i]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < size; i++) {
      h += keys[i].hashCode() ^ values[i].hashCode(); // order-independent, as for a map
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('"').append(keys[i]).append("\": ");
      if (values[i] instanceof BString s) {
        sb.append('"').append(s).append('"');
      } else {
        sb.append(values[i]);
      }
    }
    return sb.append('}').toString();
  }

  /** Builds a dictionary entry by entry; not thread-safe, usable once. */
  public static final class Builder {
    private BString[] keys = new BString[8];
    private BValue[] values = new BValue[8];
    private int size;

    private Builder() {}

    /** Sets {@code key} to {@code value}. */
    public Builder put(String key, BValue value) {
      return put(BString.of(key), value);
    }

    /** Sets {@code key} to {@code value}. */
    public Builder put(BString key, BValue value) {
      Objects.requireNonNull(value, "value");
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          values[i] = value;
          return this;
        }
      }
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size++] = value;
      return this;
    }

    /** Sets {@code key} to the UTF-8 string {@code value}. */
    public Builder put(String key, String value) {
      return put(key, BString.of(value));
    }

    /** Sets {@code key} to the byte string {@code value} (not copied: do not change it later). */
    public Builder put(String key, byte[] value) {
      return put(key, BString.wrap(value));
    }

    /** Sets {@code key} to the integer {@code value}. */
    public Builder put(String key, long value) {
      return put(key, BInteger.of(value));
    }

    /** Sets {@code key} to a list of UTF-8 strings. */
    public Builder putStrings(String key, List<String> value) {
      return put(key, BList.ofStrings(value));
    }

    /** True if {@code key} has been put. */
    public boolean has(String key) {
      BString k = BString.of(key);
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(k)) {
          return true;
        }
      }
      return false;
    }

    /** The dictionary. */
    public BDict build() {
      return own(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), size);
    }
  }
}
