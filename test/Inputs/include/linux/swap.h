/* Mock of Linux 6.12 include/linux/swap.h: current_is_kswapd(). */
#ifndef _LINUX_SWAP_H
#define _LINUX_SWAP_H

#include <linux/sched.h>

static inline int current_is_kswapd(void)
{
	return current->flags & PF_KSWAPD;
}

#endif /* _LINUX_SWAP_H */
