// First: zod without eval and the Trusted Types policy, before any schema or Worker exists.
import '../shared/pageHardening';
import { render } from 'preact';
import { ReporterApp } from './ReporterApp';
import './reporter.css';

render(<ReporterApp />, document.getElementById('app')!);
