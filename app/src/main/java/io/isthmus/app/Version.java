package io.isthmus.app;

import picocli.CommandLine.IVersionProvider;

/** Reports the version stamped into the jar manifest, or "development" when run from classes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Isthmus.class.getPackage().getImplementationVersion();
    return new String[] {"isthmus " + (version == null ? "development" : version)};
  }
}
