/**
 * The Isthmus config file: one YAML document read into immutable records ({@link
 * io.isthmus.app.config.IsthmusConfig}), checked in full (every error with file, line and key), and
 * turned into the settings each component takes. {@link io.isthmus.app.config.ConfigLoader} loads,
 * {@link io.isthmus.app.config.ConfigHolder} keeps the running config across reloads.
 */
package io.isthmus.app.config;
