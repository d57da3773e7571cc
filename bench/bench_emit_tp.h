/* bench_emit_tp — the LTTng-UST tracepoint provider of bench_emit: one
 * event with the fields a syncscope trace line carries (seq, t, kind,
 * actor, resource and the event's name), recorded in binary by LTTng.
 * Included twice by bench_emit.c (LTTng's provider pattern). */
#undef LTTNG_UST_TRACEPOINT_PROVIDER
#define LTTNG_UST_TRACEPOINT_PROVIDER bench_emit

#undef LTTNG_UST_TRACEPOINT_INCLUDE
#define LTTNG_UST_TRACEPOINT_INCLUDE "bench_emit_tp.h"

#if !defined(BENCH_EMIT_TP_H) || defined(LTTNG_UST_TRACEPOINT_HEADER_MULTI_READ)
#define BENCH_EMIT_TP_H

#include <stdint.h>

#include <lttng/tracepoint.h>

LTTNG_UST_TRACEPOINT_EVENT(
    bench_emit, event,
    LTTNG_UST_TP_ARGS(uint64_t, seq, int64_t, t, int, kind, int, actor, int, res, const char *, ev),
    LTTNG_UST_TP_FIELDS(
        lttng_ust_field_integer(uint64_t, seq, seq)
        lttng_ust_field_integer(int64_t, t, t)
        lttng_ust_field_integer(int, kind, kind)
        lttng_ust_field_integer(int, actor, actor)
        lttng_ust_field_integer(int, res, res)
        lttng_ust_field_string(ev, ev)
    )
)

#endif /* BENCH_EMIT_TP_H */

#include <lttng/tracepoint-event.h>
