package io.isthmus.app.admin;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The API's JSON: records and maps out, trees in. */
final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** The body as a JSON object; 400 with the parser's reason when it is not one. */
  static JsonNode readObject(byte[] body) throws HttpError {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw HttpError.badRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw HttpError.badRequest("the body must be a JSON object");
    }
    return node;
  }
}
