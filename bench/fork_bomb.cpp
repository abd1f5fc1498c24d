// vserver_fork_bomb [LOOPS]: the neighbour of bench/neighbour.  LOOPS
// processes (default 4) fork without end; the children sleep, and a
// refused fork (EAGAIN at the context's NPROC) is tried again at once,
// as a hostile bomb does, where a shell loop would die of it.  Runs until
// killed.
#include <unistd.h>

#include <cstdlib>

int main(int argc, char** argv) {
  const int loops = argc > 1 ? std::atoi(argv[1]) : 4;
  for (int i = 1; i < loops; ++i)
    if (fork() == 0) break;
  for (;;) {
    if (fork() == 0) {
      for (;;) pause();
    }
  }
}
