// The tabs, in order. A new view is one module and one line here.
import type { View } from './view';
import { scalingView } from './scalingView';
import { timelineView } from './timelineView';
import { suggestionsView } from './suggestionsView';
import { compareView } from './compareView';
import { failuresView } from './failuresView';

export const views: View[] = [scalingView, timelineView, suggestionsView, compareView, failuresView];
