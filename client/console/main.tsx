// First: zod without eval and the Trusted Types policy, before any schema exists.
import '../shared/pageHardening';
import { render } from 'preact';
import './messages';
import './console.css';
import { ConsoleApp } from './ConsoleApp';

render(<ConsoleApp />, document.getElementById('app')!);
