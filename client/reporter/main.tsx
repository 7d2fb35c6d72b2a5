import { render } from 'preact';
import { ReporterApp } from './ReporterApp';
import './reporter.css';

render(<ReporterApp />, document.getElementById('app')!);
