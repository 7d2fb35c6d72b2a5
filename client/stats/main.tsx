// First: zod without eval and the Trusted Types policy, before any schema exists.
import '../shared/pageHardening';
import { render } from 'preact';
import { registerStatsMessages } from './messages';
import { StatsApp } from './StatsApp';
import './stats.css';

registerStatsMessages();
render(<StatsApp />, document.getElementById('app')!);
