/* Mock of include/linux/preempt.h and arch/x86/include/asm/preempt.h
 * (6.12, x86, CONFIG_PREEMPT_COUNT=y, CONFIG_PREEMPTION=y, no
 * CONFIG_DEBUG_PREEMPT): the macros expand to the same inline calls. */
#ifndef _MOCK_LINUX_PREEMPT_H
#define _MOCK_LINUX_PREEMPT_H

#include <linux/compiler.h>
#include <linux/rwonce.h>
#include <linux/types.h>

extern int __mock_preempt_count;

static __always_inline void __preempt_count_add(int val)
{
	__mock_preempt_count += val;
}

static __always_inline void __preempt_count_sub(int val)
{
	__mock_preempt_count -= val;
}

static __always_inline bool __preempt_count_dec_and_test(void)
{
	return --__mock_preempt_count == 0;
}

void __preempt_schedule(void);

#define preempt_count_add(val)	__preempt_count_add(val)
#define preempt_count_sub(val)	__preempt_count_sub(val)
#define preempt_count_dec_and_test() __preempt_count_dec_and_test()
#define __preempt_count_inc() __preempt_count_add(1)
#define __preempt_count_dec() __preempt_count_sub(1)
#define preempt_count_inc() preempt_count_add(1)
#define preempt_count_dec() preempt_count_sub(1)

#define preempt_disable() \
do { \
	preempt_count_inc(); \
	barrier(); \
} while (0)

#define preempt_enable() \
do { \
	barrier(); \
	if (unlikely(preempt_count_dec_and_test())) \
		__preempt_schedule(); \
} while (0)

#define preempt_disable_notrace() \
do { \
	__preempt_count_inc(); \
	barrier(); \
} while (0)

#define preempt_enable_no_resched() \
do { \
	barrier(); \
	preempt_count_dec(); \
} while (0)

#endif
