import { z } from 'zod';

/** Path parameters most routes share: a park, and a driver of that park. */
export const parkParams = z.object({ parkId: z.string().min(1).max(100) });
export const driverParams = parkParams.extend({ driverId: z.string().min(1).max(100) });
