/*
 * <gup_test.h>: the gup_test device's ioctl ABI (see uapi/gup_test.h),
 * under the name user programs include.
 */
#ifndef _PINOS_USER_GUP_TEST_H
#define _PINOS_USER_GUP_TEST_H

#include <uapi/gup_test.h>

#endif
