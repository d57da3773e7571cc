/* palette — see palette.h. */
#include "view/palette.h"

VColor pal_state(ActorState s)
{
    switch (s) {
    case AS_RUNNING: return vcolor_hex(0x009E73);
    case AS_READY: return vcolor_hex(0x56B4E9);
    case AS_BLOCKED: return vcolor_hex(0xD55E00);
    case AS_SLEEPING: return vcolor_hex(0xE69F00);
    case AS_DONE: return vcolor_hex(0x999999);
    case AS_KILLED:
    case AS_ERROR: return vcolor_hex(0xCC79A7);
    default: return vcolor_hex(0xFFFFFF);
    }
}

const char *pal_state_word(ActorState s)
{
    switch (s) {
    case AS_NEW: return "not started";
    case AS_READY: return "ready";
    case AS_RUNNING: return "running";
    case AS_BLOCKED: return "blocked";
    case AS_SLEEPING: return "sleeping";
    case AS_DONE: return "done";
    case AS_KILLED: return "killed";
    case AS_ERROR: return "error";
    default: return "?";
    }
}
