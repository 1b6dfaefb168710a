// The tabs, in order. A new view is one module and one line here.
import type { View } from './view';
import { scalingView } from './scalingView';
import { timelineView } from './timelineView';
import { suggestionsView } from './suggestionsView';
import { compareView } from './compareView';
import { failuresView } from './failuresView';
import { flameView } from './flameView';

export const views: View[] = [scalingView, timelineView, flameView, suggestionsView, compareView, failuresView];
