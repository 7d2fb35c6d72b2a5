import { render } from 'preact';
import { registerStatsMessages } from './messages';
import { StatsApp } from './StatsApp';
import './stats.css';

registerStatsMessages();
render(<StatsApp />, document.getElementById('app')!);
