// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace udpchat {

// A descriptor for the same terminal, pipe or file as `fd`, that the caller owns and may make
// non-blocking. For a terminal or a pipe it is a new open file description, so flags set on it
// (asio makes descriptors non-blocking) never reach the one the process shares with its shell
// and its other standard streams; otherwise it is a dup() (a file's offset must stay shared, and
// a socket cannot be opened anew). A dup()ed socket shares its mode with the process's other
// descriptors for it (stdin and stdout are often one socket): wait for readiness with
// readiness_descriptor() and use MSG_DONTWAIT on it rather than making it non-blocking.
// -1 when `fd` is not open.
int own_descriptor(int fd, int access_mode);

// An epoll instance (epoll(7)) that is readable while `fd` is ready for `events` (EPOLLIN,
// EPOLLOUT): something asio may wait on in place of `fd`. asio makes every descriptor it waits on
// non-blocking, so waiting on this instead leaves `fd`'s mode alone. `fd` must stay open as long
// as this; the caller owns and closes both. -1 on failure.
int readiness_descriptor(int fd, unsigned events);

}  // namespace udpchat
