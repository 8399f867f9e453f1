// Imported before kafkajs by every module that uses it: the linear grouping has to be in place
// before kafkajs's producer module captures its own.
import { installLinearGrouping } from './linear-grouping.ts';

installLinearGrouping();
