/* Mock of include/linux/bottom_half.h (6.12, no CONFIG_TRACE_IRQFLAGS). */
#ifndef _MOCK_LINUX_BOTTOM_HALF_H
#define _MOCK_LINUX_BOTTOM_HALF_H

#include <linux/preempt.h>

#define SOFTIRQ_DISABLE_OFFSET 512
#define _THIS_IP_ 0UL

static __always_inline void __local_bh_disable_ip(unsigned long ip, unsigned int cnt)
{
	preempt_count_add(cnt);
	barrier();
}

static inline void local_bh_disable(void)
{
	__local_bh_disable_ip(_THIS_IP_, SOFTIRQ_DISABLE_OFFSET);
}

extern void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);

static inline void local_bh_enable(void)
{
	__local_bh_enable_ip(_THIS_IP_, SOFTIRQ_DISABLE_OFFSET);
}

#endif
