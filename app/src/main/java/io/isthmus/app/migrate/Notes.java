package io.isthmus.app.migrate;

import java.util.ArrayList;
import java.util.List;

/**
 * What a migration could not carry over, and what it guessed: each note names the source file and
 * line and says what to do instead.
 */
public final class Notes {
  /** A line of the source that has no equivalent (or only part of one). */
  public record Note(String file, int line, String what, String advice) {
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line : "") + ": " + what + ": " + advice;
    }
  }

  final List<Note> unmapped = new ArrayList<>();
  final List<Note> guesses = new ArrayList<>();

  void unmapped(String file, int line, String what, String advice) {
    unmapped.add(new Note(file, line, what, advice));
  }

  void guess(String file, int line, String what, String advice) {
    guesses.add(new Note(file, line, what, advice));
  }
}
