import { createSlice, type PayloadAction } from '@reduxjs/toolkit';

export interface UiState {
  /** The give-kudos dialog: closed (null), or open with an optional receiver prefilled. */
  readonly giveKudos: { readonly receiver: string | null } | null;
}

const initialState: UiState = { giveKudos: null };

export const uiSlice = createSlice({
  name: 'ui',
  initialState,
  reducers: {
    giveKudosOpened(state, action: PayloadAction<{ receiver?: string | null } | undefined>) {
      state.giveKudos = { receiver: action.payload?.receiver ?? null };
    },
    giveKudosClosed(state) {
      state.giveKudos = null;
    },
  },
});

export const { giveKudosOpened, giveKudosClosed } = uiSlice.actions;
