import { render } from 'preact';
import './messages';
import './console.css';
import { ConsoleApp } from './ConsoleApp';

render(<ConsoleApp />, document.getElementById('app')!);
