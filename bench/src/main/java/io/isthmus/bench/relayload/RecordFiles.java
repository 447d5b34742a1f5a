package io.isthmus.bench.relayload;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Result records to and from the files the harness leaves in {@code bench/target/relay-bench/}: one
 * properties file per measured record (keys are the record's component names), and JSON for the
 * merged report. Reflection over record components keeps the two formats and the records from
 * drifting apart.
 */
final class RecordFiles {
  private RecordFiles() {}

  static void write(Record r, Path file) throws IOException {
    Properties p = new Properties();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      p.setProperty(c.getName(), String.valueOf(value(r, c)));
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, r.getClass().getSimpleName());
    }
  }

  /** Every {@code <prefix>*.properties} file of {@code dir} read as a {@code type}, by name. */
  static <R extends Record> List<R> readAll(Path dir, String prefix, Class<R> type)
      throws IOException {
    var files = new TreeSet<Path>();
    if (Files.isDirectory(dir)) {
      try (var s = Files.list(dir)) {
        s.filter(f -> f.getFileName().toString().startsWith(prefix))
            .filter(f -> f.getFileName().toString().endsWith(".properties"))
            .forEach(files::add);
      }
    }
    List<R> out = new ArrayList<>();
    for (Path f : files) {
      out.add(read(f, type));
    }
    return out;
  }

  static <R extends Record> R read(Path file, Class<R> type) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    RecordComponent[] cs = type.getRecordComponents();
    Object[] args = new Object[cs.length];
    Class<?>[] types = new Class<?>[cs.length];
    for (int i = 0; i < cs.length; i++) {
      String v = p.getProperty(cs[i].getName());
      if (v == null) {
        throw new IOException(file + ": missing " + cs[i].getName());
      }
      types[i] = cs[i].getType();
      args[i] = parse(v, types[i]);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  /** A JSON object with the record's components as members. */
  static String json(Record r) {
    var sb = new StringBuilder("{");
    RecordComponent[] cs = r.getClass().getRecordComponents();
    for (int i = 0; i < cs.length; i++) {
      Object v = value(r, cs[i]);
      sb.append(i == 0 ? "" : ", ").append('"').append(cs[i].getName()).append("\": ");
      switch (v) {
        case String s -> sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\""));
        case Double d when d.isNaN() || d.isInfinite() -> sb.append("null");
        case Double d -> sb.append(String.format(Locale.ROOT, "%.4f", d));
        default -> sb.append(v);
      }
      if (v instanceof String) {
        sb.append('"');
      }
    }
    return sb.append('}').toString();
  }

  private static Object value(Record r, RecordComponent c) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }

  private static Object parse(String v, Class<?> t) {
    if (t == int.class) {
      return Integer.parseInt(v);
    }
    if (t == long.class) {
      return Long.parseLong(v);
    }
    if (t == double.class) {
      return Double.parseDouble(v);
    }
    if (t == String.class) {
      return v;
    }
    throw new IllegalArgumentException("unsupported component type " + t);
  }
}
