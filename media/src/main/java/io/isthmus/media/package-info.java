/** The relay engine. */
package io.isthmus.media;
