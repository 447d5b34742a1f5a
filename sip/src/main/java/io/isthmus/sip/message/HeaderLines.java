package io.isthmus.sip.message;

import static io.isthmus.sip.message.MessageIndex.ID;
import static io.isthmus.sip.message.MessageIndex.LINE_END;
import static io.isthmus.sip.message.MessageIndex.LINE_START;
import static io.isthmus.sip.message.MessageIndex.NAME_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_END;
import static io.isthmus.sip.message.MessageIndex.VALUE_START;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The header lines of an edited message, in order: each entry is either an untouched line of the
 * original (written byte for byte) or a line rendered by an edit. Entries {@code >= 0} are original
 * line numbers; {@code -(k + 1)} is rendered line {@code k}.
 */
final class HeaderLines {
  private final byte[] buf;
  private final MessageIndex idx;
  private int[] entries;
  private int size;
  private final List<Rendered> rendered = new ArrayList<>(4);

  /** A header line an edit produced: "Name: value CRLF" and where its value is. */
  private record Rendered(HeaderName name, byte[] bytes, int valueStart, int valueEnd) {}

  HeaderLines(byte[] buf, MessageIndex idx) {
    this.buf = buf;
    this.idx = idx;
    this.entries = new int[idx.count + 8];
    for (int i = 0; i < idx.count; i++) {
      entries[i] = i;
    }
    this.size = idx.count;
  }

  int size() {
    return size;
  }

  boolean matches(int pos, HeaderName name) {
    int e = entries[pos];
    if (e >= 0) {
      return name.matches(idx.get(e, ID), buf, idx.get(e, LINE_START), idx.get(e, NAME_END));
    }
    return rendered.get(-e - 1).name().equals(name);
  }

  int first(HeaderName name) {
    for (int i = 0; i < size; i++) {
      if (matches(i, name)) {
        return i;
      }
    }
    return -1;
  }

  int last(HeaderName name) {
    for (int i = size - 1; i >= 0; i--) {
      if (matches(i, name)) {
        return i;
      }
    }
    return -1;
  }

  /** Inserts a rendered line {@code name: value} at {@code pos}. */
  void insert(int pos, HeaderName name, String value) {
    insertEntry(pos, render(name.bytes(), name, value));
  }

  void replace(int pos, HeaderName name, String value) {
    entries[pos] = render(name.bytes(), name, value);
  }

  void remove(int pos) {
    System.arraycopy(entries, pos + 1, entries, pos, size - pos - 1);
    size--;
  }

  /**
   * Removes the first value of the line at {@code pos}: the whole line when it holds one value,
   * else the line is re-rendered (with its original name spelling) holding the rest.
   */
  void removeFirstValue(int pos, HeaderName name) {
    int e = entries[pos];
    byte[] a = e >= 0 ? buf : rendered.get(-e - 1).bytes();
    int start = e >= 0 ? idx.get(e, VALUE_START) : rendered.get(-e - 1).valueStart();
    int end = e >= 0 ? idx.get(e, VALUE_END) : rendered.get(-e - 1).valueEnd();
    int comma = ValueSplitter.nextComma(a, start, end);
    if (comma >= end) {
      remove(pos);
      return;
    }
    int restStart = Bytes.skipLws(a, comma + 1, end);
    byte[] nameBytes =
        e >= 0
            ? Arrays.copyOfRange(buf, idx.get(e, LINE_START), idx.get(e, NAME_END))
            : name.bytes();
    // the rest keeps its bytes, folds included, exactly as they were
    entries[pos] = render(nameBytes, name, a, restStart, end);
  }

  private int render(byte[] nameBytes, HeaderName name, String value) {
    byte[] v = Bytes.utf8(value);
    for (byte b : v) {
      if (b == Bytes.CR || b == Bytes.LF || b == 0) {
        // a CR or LF would let the caller inject header lines
        throw new IllegalArgumentException("CR, LF or NUL in a value for " + name);
      }
    }
    return render(nameBytes, name, v, 0, v.length);
  }

  private int render(byte[] nameBytes, HeaderName name, byte[] v, int vStart, int vEnd) {
    int vLen = vEnd - vStart;
    byte[] line = new byte[nameBytes.length + 2 + vLen + 2];
    System.arraycopy(nameBytes, 0, line, 0, nameBytes.length);
    int p = nameBytes.length;
    line[p++] = ':';
    line[p++] = ' ';
    System.arraycopy(v, vStart, line, p, vLen);
    line[line.length - 2] = Bytes.CR;
    line[line.length - 1] = Bytes.LF;
    rendered.add(new Rendered(name, line, p, p + vLen));
    return -rendered.size();
  }

  private void insertEntry(int pos, int entry) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2 + 4);
    }
    System.arraycopy(entries, pos, entries, pos + 1, size - pos);
    entries[pos] = entry;
    size++;
  }

  int byteLength() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      int e = entries[i];
      n +=
          e >= 0
              ? idx.get(e, LINE_END) - idx.get(e, LINE_START)
              : rendered.get(-e - 1).bytes().length;
    }
    return n;
  }

  int writeTo(byte[] dst, int off) {
    int p = off;
    for (int i = 0; i < size; i++) {
      int e = entries[i];
      if (e >= 0) {
        int s = idx.get(e, LINE_START);
        int n = idx.get(e, LINE_END) - s;
        System.arraycopy(buf, s, dst, p, n);
        p += n;
      } else {
        byte[] line = rendered.get(-e - 1).bytes();
        System.arraycopy(line, 0, dst, p, line.length);
        p += line.length;
      }
    }
    return p - off;
  }
}
