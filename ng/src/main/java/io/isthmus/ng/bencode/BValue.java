package io.isthmus.ng.bencode;

/**
 * A value of rtpengine's NG dictionaries: a byte string, an integer, a list or a dictionary (the
 * four bencode types, BEP 3). JSON requests are read into the same model.
 *
 * <p>Values are immutable. Decoded byte strings are views into the buffer they were decoded from:
 * that buffer must not be reused while the values are in use.
 */
public sealed interface BValue permits BString, BInteger, BList, BDict {

  /** The type for error messages: "a string", "an integer", "a list" or "a dictionary". */
  String typeName();
}
