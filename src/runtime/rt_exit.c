/* rt_exit — the exit code of a run (SPEC §5), apart from the machinery so
 * every subcommand that runs a scenario agrees on it. No threads needed. */
#include "runtime/runtime.h"

int rt_exit_code(const RtResult *res)
{
    if (res->outcome == OUT_FAULT || res->write_failed) return 4;
    if (res->outcome == OUT_INTERRUPTED) return 5;
    if (res->outcome == OUT_DEADLOCK &&
        !(res->expect.present && res->expect.want_outcome == OUT_DEADLOCK))
        return 3;
    if (res->expect.present && !res->expect.ok) return 1;
    return 0;
}
