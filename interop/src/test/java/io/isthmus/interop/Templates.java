package io.isthmus.interop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test resources with {@code @NAME@} placeholders, written out with the values filled in. */
public final class Templates {
  private Templates() {}

  /** Fills {@code resource} and writes it to {@code target}; fails on a placeholder left over. */
  public static Path write(String resource, Map<String, String> values, Path target)
      throws IOException {
    String text;
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      text = text.replace("@" + e.getKey() + "@", e.getValue());
    }
    if (text.matches("(?s).*@[A-Z_]+@.*")) {
      throw new IllegalArgumentException("unfilled placeholder in " + resource);
    }
    Files.createDirectories(target.getParent());
    Files.writeString(target, text);
    return target;
  }
}
