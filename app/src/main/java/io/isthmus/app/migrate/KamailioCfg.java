package io.isthmus.app.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a kamailio.cfg a migration reads, found line by line (no script interpreter): {@code
 * listen=} sockets, {@code loadmodule} lines, {@code modparam(module, name, value)} and the calls
 * of the dispatcher and rtpengine functions with their string arguments, each with its line.
 * Comments ({@code #} outside strings, {@code //}, {@code /* *\/}) and preprocessor lines ({@code
 * #!define}) are skipped.
 */
final class KamailioCfg {
  record Listen(String proto, String address, int port, int line) {}

  record ModParam(String module, String name, String value, int line) {}

  record Call(String function, List<String> args, int line) {}

  final List<Listen> listens = new ArrayList<>();
  final List<String> modules = new ArrayList<>();
  final List<ModParam> modparams = new ArrayList<>();
  final List<Call> calls = new ArrayList<>();

  private static final Pattern LISTEN =
      Pattern.compile(
          "^listen\\s*=\\s*(udp|tcp|tls|sctp|ws|wss):([0-9.]+|\\[[0-9a-fA-F:]+])(?::(\\d+))?");
  private static final Pattern LOADMODULE = Pattern.compile("^loadmodule\\s+\"([^\"]+)\"");
  private static final Pattern MODPARAM =
      Pattern.compile(
          "modparam\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*,\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))\\s*\\)");
  private static final Pattern CALL =
      Pattern.compile(
          "\\b(ds_select_dst|ds_select_domain|ds_select|ds_next_dst|ds_mark_dst|rtpengine_manage"
              + "|rtpengine_offer|rtpengine_answer|rtpengine_delete|t_check_status"
              + "|set_rtpengine_set)\\s*\\(([^)]*)\\)");
  private static final Pattern STRING_ARG =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+)");

  static KamailioCfg parse(String text) {
    KamailioCfg cfg = new KamailioCfg();
    String[] lines = text.split("\r?\n", -1);
    boolean inBlockComment = false;
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      if (inBlockComment) {
        int end = line.indexOf("*/");
        if (end < 0) {
          continue;
        }
        line = line.substring(end + 2);
        inBlockComment = false;
      }
      line = stripComments(line);
      int open = line.indexOf("/*");
      if (open >= 0) {
        int close = line.indexOf("*/", open + 2);
        if (close < 0) {
          inBlockComment = true;
          line = line.substring(0, open);
        } else {
          line = line.substring(0, open) + line.substring(close + 2);
        }
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LISTEN.matcher(line);
      if (m.find()) {
        String address = m.group(2).replace("[", "").replace("]", "");
        int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : 5060;
        cfg.listens.add(new Listen(m.group(1), address, port, lineNo));
        continue;
      }
      m = LOADMODULE.matcher(line);
      if (m.find()) {
        String name = m.group(1);
        int slash = name.lastIndexOf('/');
        name = name.substring(slash + 1).replaceFirst("\\.so$", "");
        cfg.modules.add(name);
        continue;
      }
      m = MODPARAM.matcher(line);
      if (m.find()) {
        String value = m.group(4) != null ? m.group(4) : m.group(5);
        cfg.modparams.add(new ModParam(m.group(1), m.group(2), value, lineNo));
        continue;
      }
      m = CALL.matcher(line);
      while (m.find()) {
        List<String> args = new ArrayList<>();
        Matcher a = STRING_ARG.matcher(m.group(2));
        while (a.find()) {
          args.add(a.group(1) != null ? a.group(1) : a.group(2));
        }
        cfg.calls.add(new Call(m.group(1), args, lineNo));
      }
    }
    return cfg;
  }

  /** The line without a {@code #} or {@code //} comment; {@code #!} directives drop whole. */
  private static String stripComments(String line) {
    String t = line.strip();
    if (t.startsWith("#!") || t.startsWith("!!")) {
      return "";
    }
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '#') {
        return line.substring(0, i);
      } else if (!quoted && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  List<ModParam> modparams(String module) {
    return modparams.stream().filter(p -> p.module().equals(module)).toList();
  }

  List<Call> calls(String function) {
    return calls.stream().filter(c -> c.function().equals(function)).toList();
  }
}
