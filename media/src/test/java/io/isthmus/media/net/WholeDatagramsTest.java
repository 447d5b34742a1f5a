package io.isthmus.media.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.RecvByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The relay's receive buffers: one reused 64 KiB buffer per thread, copies of the right size. */
class WholeDatagramsTest {

  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  @Test
  void reusesTheThreadsBufferOnceTheLastDatagramWasReleased() {
    RecvByteBufAllocator.ExtendedHandle handle = WholeDatagrams.INSTANCE.newHandle();
    ByteBuf first = handle.allocate(alloc);
    assertThat(first.writableBytes()).isEqualTo(WholeDatagrams.CAPACITY);
    first.writeBytes(new byte[100]);
    first.release();

    ByteBuf second = handle.allocate(alloc);
    assertThat(second).as("the same buffer, emptied").isSameAs(first);
    assertThat(second.writableBytes()).isEqualTo(WholeDatagrams.CAPACITY);

    ByteBuf third = handle.allocate(alloc); // second not consumed yet (an NIO batch)
    assertThat(third).isNotSameAs(second);
    assertThat(third.writableBytes()).isEqualTo(WholeDatagrams.CAPACITY);
    third.release();
    second.release();
  }

  @Test
  void aDatagramThatFillsTheBufferIsTruncatedOneByteLessIsNot() {
    ByteBuf full = Unpooled.buffer(WholeDatagrams.CAPACITY).writerIndex(WholeDatagrams.CAPACITY);
    ByteBuf largest = Unpooled.buffer(WholeDatagrams.CAPACITY).writerIndex(65_535);
    assertThat(WholeDatagrams.truncated(full)).isTrue();
    assertThat(WholeDatagrams.truncated(largest)).isFalse();
  }

  @Test
  void copiesTheDatagramWithRoomForAnSrtpTag() {
    ByteBuf read = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}).skipBytes(1);
    ByteBuf copy = WholeDatagrams.copyOut(read, alloc);
    assertThat(copy.readableBytes()).isEqualTo(4);
    assertThat(copy.getByte(0)).isEqualTo((byte) 2);
    assertThat(copy.writableBytes()).isGreaterThanOrEqualTo(WholeDatagrams.TAILROOM);
    assertThat(read.isReadable()).as("the read buffer is consumed").isFalse();
    copy.release();
  }
}
