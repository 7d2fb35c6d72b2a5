import { render } from 'preact';
import { ReporterApp } from './ReporterApp';

render(<ReporterApp />, document.getElementById('app')!);
