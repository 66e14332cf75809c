import { createTheme } from '@mui/material/styles';

/** Light and dark follow the system setting (`prefers-color-scheme`) through CSS variables. */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'media' },
  colorSchemes: {
    // Initials avatars: their text (the page background's colour) at AA contrast on their fill.
    light: {
      palette: {
        primary: { main: '#4f46e5' },
        secondary: { main: '#b4235a' },
        Avatar: { defaultBg: '#616161' },
      },
    },
    dark: {
      palette: {
        primary: { main: '#a5b4fc' },
        secondary: { main: '#f9a8d4' },
        Avatar: { defaultBg: '#bdbdbd' },
      },
    },
  },
  shape: { borderRadius: 10 },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
});
